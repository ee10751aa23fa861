package io.costflow.api;

import io.costflow.schemas.Topics;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * Settings of the query API under {@code costflow.api}.
 *
 * @param bootstrapAdminKey an admin key to accept, e.g. from the environment ({@code
 *     COSTFLOW_ADMIN_KEY}); stored hashed at start-up. When absent and no key exists yet, one is
 *     generated and logged once.
 * @param serviceConfigTopic the compacted topic PUT /v1/services/{id} publishes to
 * @param kafkaSendTimeout how long a PUT waits for Kafka to acknowledge before it answers 503
 * @param billingCurrency the job's billing currency ({@code costflow.billing.currency}); a budget
 *     must be in it
 */
@ConfigurationProperties("costflow.api")
public record ApiConfiguration(
        @Nullable String bootstrapAdminKey,
        @Bindable(defaultValue = Topics.SERVICE_CONFIG) String serviceConfigTopic,
        @Bindable(defaultValue = "5s") Duration kafkaSendTimeout,
        @Bindable(defaultValue = "USD") String billingCurrency) {}

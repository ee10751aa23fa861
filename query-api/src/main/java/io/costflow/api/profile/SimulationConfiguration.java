package io.costflow.api.profile;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * How the API builds service profiles and simulates, under {@code costflow.api.simulation}.
 *
 * @param region the price catalog region services run in (service configs name no region)
 * @param lookback how far before a service's newest cost window its profile looks
 * @param maxBatchSize the most scenarios one {@code POST /v1/simulate/batch} may hold
 */
@ConfigurationProperties("costflow.api.simulation")
public record SimulationConfiguration(
        @Bindable(defaultValue = "us-east-1") String region,
        @Bindable(defaultValue = "24h") Duration lookback,
        @Bindable(defaultValue = "20") int maxBatchSize) {}

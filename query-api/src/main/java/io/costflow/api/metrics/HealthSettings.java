package io.costflow.api.metrics;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * How {@code GET /v1/metrics/{id}/health} judges a service, under {@code costflow.api.health}.
 *
 * @param lookback how far before a service's newest window its health looks
 * @param atRiskBudgetUsed the share of an SLO's error budget used in the lookback from which a
 *     service that still meets its SLOs is AT_RISK
 */
@ConfigurationProperties("costflow.api.health")
public record HealthSettings(
        @Bindable(defaultValue = "1h") Duration lookback,
        @Bindable(defaultValue = "0.5") double atRiskBudgetUsed) {}

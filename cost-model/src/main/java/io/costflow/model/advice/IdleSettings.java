package io.costflow.model.advice;

import io.costflow.model.slo.UtilizationPercentile;
import java.util.Objects;

/**
 * When {@link IdleAdvisor} calls a service idle: CPU at {@code cpuPercentile} under {@code maxCpu}
 * and at most {@code maxRequestsPerSecond} on average over the lookback.
 */
public record IdleSettings(
        UtilizationPercentile cpuPercentile, double maxCpu, double maxRequestsPerSecond) {

    /** p95 CPU under 3 % and under one request every 1000 s (a few health checks an hour). */
    public static final IdleSettings DEFAULT =
            new IdleSettings(UtilizationPercentile.P95, 0.03, 0.001);

    public IdleSettings {
        Objects.requireNonNull(cpuPercentile, "cpuPercentile");
    }
}

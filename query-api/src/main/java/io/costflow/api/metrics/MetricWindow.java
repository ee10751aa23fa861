package io.costflow.api.metrics;

import io.costflow.schemas.LatencyHistogram;
import io.micronaut.core.annotation.Nullable;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * What one {@code cost_window} row says about a service's traffic and resources; never an API body.
 * Utilisation values are shares (0..1) and null without telemetry.
 */
record MetricWindow(
        String serviceId,
        Instant windowStart,
        Instant windowEnd,
        String status,
        String currency,
        BigDecimal effectiveCost,
        long requestCount,
        long errorCount,
        @Nullable Utilisation cpu,
        @Nullable Utilisation memory,
        @Nullable LatencyHistogram latency) {}

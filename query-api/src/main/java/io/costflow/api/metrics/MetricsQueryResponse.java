package io.costflow.api.metrics;

import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/** A service's metrics over the windows starting in {@code [from, to)}. */
@Serdeable
public record MetricsQueryResponse(
        String serviceId, Instant from, Instant to, MetricsSummary metrics) {}

package io.costflow.api.metrics;

import io.micronaut.serde.annotation.Serdeable;

/**
 * Latency percentiles in milliseconds of the exact merge of the windows' histograms, each the upper
 * bound of the bucket holding it (never below the true value).
 */
@Serdeable
public record LatencyPercentiles(double p50, double p95, double p99) {}

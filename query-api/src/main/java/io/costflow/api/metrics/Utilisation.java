package io.costflow.api.metrics;

import io.micronaut.serde.annotation.Serdeable;

/** A utilisation distribution as shares between 0 and 1. */
@Serdeable
public record Utilisation(double p50, double p95, double p99, double max) {}

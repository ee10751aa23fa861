package io.costflow.pipeline.usage;

import io.costflow.schemas.TelemetryEvent;
import java.math.BigDecimal;

/** A telemetry sample with the provisional cost of its resource time. */
public record PricedSample(TelemetryEvent sample, BigDecimal provisionalCost) {}

package io.costflow.pipeline.usage;

import io.costflow.model.usage.UsageTotals;

/** Telemetry's view of one service's window, each time it fires. */
public record UsageWindow(String serviceId, long windowStart, long windowEnd, UsageTotals totals) {}

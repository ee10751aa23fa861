package io.costflow.pipeline.usage;

import io.costflow.model.usage.UsageTotals;

/**
 * Part of a service's usage window: either several samples combined within one subtask, or one
 * sample passed on alone ({@code single} set) because it may be late.
 */
public record UsagePartial(
        String serviceId,
        long windowStart,
        long windowEnd,
        UsageTotals totals,
        PricedSample single) {}

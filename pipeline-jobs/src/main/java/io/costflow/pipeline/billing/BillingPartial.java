package io.costflow.pipeline.billing;

import io.costflow.model.billing.AttributedCharge;
import io.costflow.model.billing.BillingTotals;

/**
 * Part of a service's billing window: either several window shares of charges combined within one
 * subtask, or one share passed on alone ({@code single} set) because it may be late.
 */
public record BillingPartial(
        String serviceId,
        long windowStart,
        long windowEnd,
        BillingTotals totals,
        AttributedCharge single) {}

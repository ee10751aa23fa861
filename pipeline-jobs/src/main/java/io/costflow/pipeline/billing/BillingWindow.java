package io.costflow.pipeline.billing;

import io.costflow.model.billing.BillingTotals;

/** Billing's view of one service's window, each time it fires. */
public record BillingWindow(
        String serviceId, long windowStart, long windowEnd, BillingTotals totals) {}

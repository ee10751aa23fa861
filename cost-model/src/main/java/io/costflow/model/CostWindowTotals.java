package io.costflow.model;

import io.costflow.schemas.CostStatus;
import io.costflow.schemas.Decimals;
import java.math.BigDecimal;

/**
 * The sums that make one service's cost window. Immutable and exact: money is {@link BigDecimal} at
 * the contract scale, and adding in any order gives the same totals to the last digit.
 */
public record CostWindowTotals(
        BigDecimal billedCost,
        BigDecimal effectiveCost,
        long billingLines,
        long requestCount,
        long errorCount) {

    /** Nothing yet. */
    public static final CostWindowTotals EMPTY =
            new CostWindowTotals(Decimals.ZERO, Decimals.ZERO, 0, 0, 0);

    /** Adds one billing line's (already apportioned) cost. */
    public CostWindowTotals plusBilling(BigDecimal billed, BigDecimal effective) {
        return new CostWindowTotals(
                billedCost.add(billed),
                effectiveCost.add(effective),
                billingLines + 1,
                requestCount,
                errorCount);
    }

    /** Adds one telemetry sample's traffic. */
    public CostWindowTotals plusTraffic(long requests, long errors) {
        return new CostWindowTotals(
                billedCost,
                effectiveCost,
                billingLines,
                requestCount + requests,
                errorCount + errors);
    }

    /** Merges partial totals of the same window (e.g. from session merges or pre-aggregation). */
    public CostWindowTotals plus(CostWindowTotals other) {
        return new CostWindowTotals(
                billedCost.add(other.billedCost),
                effectiveCost.add(other.effectiveCost),
                billingLines + other.billingLines,
                requestCount + other.requestCount,
                errorCount + other.errorCount);
    }

    /**
     * PROVISIONAL until billing for the window has been seen; BILLED once it has. (Corrections
     * arrive with restatements.)
     */
    public CostStatus status() {
        return billingLines > 0 ? CostStatus.BILLED : CostStatus.PROVISIONAL;
    }
}

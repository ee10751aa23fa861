package io.costflow.pipeline.cost;

import java.math.BigDecimal;

/**
 * What one accepted input adds to a service's cost window: billed money from a billing line, or
 * traffic from a telemetry sample. {@code eventTime} places it in its window.
 */
public record CostContribution(
        String serviceId,
        long eventTime,
        BigDecimal billedCost,
        BigDecimal effectiveCost,
        long requestCount,
        long errorCount,
        String currency) {

    /** True for a billing line, false for telemetry. */
    public boolean isBilling() {
        return billedCost != null;
    }
}

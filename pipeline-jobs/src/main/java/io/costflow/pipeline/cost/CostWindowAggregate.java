package io.costflow.pipeline.cost;

import io.costflow.model.CostWindowTotals;
import org.apache.flink.api.common.functions.AggregateFunction;

/** Adds contributions into a window's {@link CostWindowTotals} incrementally, one at a time. */
public final class CostWindowAggregate
        implements AggregateFunction<CostContribution, CostWindowTotals, CostWindowTotals> {

    private static final long serialVersionUID = 1L;

    @Override
    public CostWindowTotals createAccumulator() {
        return CostWindowTotals.EMPTY;
    }

    @Override
    public CostWindowTotals add(CostContribution c, CostWindowTotals totals) {
        return c.isBilling()
                ? totals.plusBilling(c.billedCost(), c.effectiveCost())
                : totals.plusTraffic(c.requestCount(), c.errorCount());
    }

    @Override
    public CostWindowTotals getResult(CostWindowTotals totals) {
        return totals;
    }

    @Override
    public CostWindowTotals merge(CostWindowTotals a, CostWindowTotals b) {
        return a.plus(b);
    }
}

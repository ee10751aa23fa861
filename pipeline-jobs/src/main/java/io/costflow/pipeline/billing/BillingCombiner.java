package io.costflow.pipeline.billing;

import io.costflow.model.billing.AttributedCharge;
import io.costflow.model.billing.BillingTotals;
import io.costflow.pipeline.combine.LocalPreAggregation;
import java.time.Duration;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;

/**
 * Combines window shares of charges (already split by {@link ApportionCharge}) of the same service
 * and window.
 */
public final class BillingCombiner
        implements LocalPreAggregation.Combiner<AttributedCharge, BillingTotals, BillingPartial> {

    private static final long serialVersionUID = 1L;

    private final long size;

    public BillingCombiner(Duration windowSize) {
        this.size = windowSize.toMillis();
    }

    @Override
    public String key(AttributedCharge c) {
        return c.serviceId() + '@' + windowStart(c);
    }

    @Override
    public long windowStart(AttributedCharge c) {
        return TimeWindow.getWindowStartWithOffset(c.chargePeriodStart(), 0, size);
    }

    @Override
    public long windowEnd(AttributedCharge c) {
        return windowStart(c) + size;
    }

    @Override
    public BillingTotals create() {
        return new BillingTotals();
    }

    @Override
    public BillingTotals add(BillingTotals totals, AttributedCharge c) {
        return totals.add(c);
    }

    @Override
    public BillingPartial combined(AttributedCharge first, BillingTotals totals) {
        return new BillingPartial(
                first.serviceId(), windowStart(first), windowEnd(first), totals, null);
    }

    @Override
    public BillingPartial single(AttributedCharge c) {
        return new BillingPartial(c.serviceId(), windowStart(c), windowEnd(c), add(create(), c), c);
    }
}

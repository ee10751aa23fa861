package io.costflow.pipeline.usage;

import io.costflow.model.usage.UsageTotals;
import io.costflow.pipeline.combine.LocalPreAggregation;
import java.time.Duration;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;

/** Combines priced samples of the same service and usage window (at their interval's start). */
public final class UsageCombiner
        implements LocalPreAggregation.Combiner<PricedSample, UsageTotals, UsagePartial> {

    private static final long serialVersionUID = 1L;

    private final long size;

    public UsageCombiner(Duration windowSize) {
        this.size = windowSize.toMillis();
    }

    /** A sample counts at the start of its scrape interval. */
    public static long eventTime(PricedSample s) {
        return s.sample().getTimestamp().toEpochMilli() - s.sample().getIntervalSeconds() * 1000L;
    }

    @Override
    public String key(PricedSample s) {
        return s.sample().getServiceId() + '@' + windowStart(s);
    }

    @Override
    public long windowStart(PricedSample s) {
        return TimeWindow.getWindowStartWithOffset(eventTime(s), 0, size);
    }

    @Override
    public long windowEnd(PricedSample s) {
        return windowStart(s) + size;
    }

    @Override
    public UsageTotals create() {
        return new UsageTotals();
    }

    @Override
    public UsageTotals add(UsageTotals totals, PricedSample s) {
        return totals.add(s.sample(), s.provisionalCost());
    }

    @Override
    public UsagePartial combined(PricedSample first, UsageTotals totals) {
        return new UsagePartial(
                first.sample().getServiceId(), windowStart(first), windowEnd(first), totals, null);
    }

    @Override
    public UsagePartial single(PricedSample s) {
        return new UsagePartial(
                s.sample().getServiceId(), windowStart(s), windowEnd(s), add(create(), s), s);
    }
}

package io.costflow.pipeline.billing;

import io.costflow.model.billing.AttributedCharge;
import io.costflow.model.money.Apportionment;
import io.costflow.model.money.Apportionment.WindowShare;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Splits a charge whose period spans several cost windows into one share per window, by overlap,
 * with {@link Apportionment}: the shares of each amount add up to the charge exactly.
 */
public final class ApportionCharge implements FlatMapFunction<AttributedCharge, AttributedCharge> {

    private static final long serialVersionUID = 1L;

    private final long windowSize;

    public ApportionCharge(Duration windowSize) {
        this.windowSize = windowSize.toMillis();
    }

    @Override
    public void flatMap(AttributedCharge charge, Collector<AttributedCharge> out) {
        long start = charge.chargePeriodStart();
        long end = charge.chargePeriodEnd();
        if (Math.floorDiv(start, windowSize) == Math.floorDiv(end - 1, windowSize)) {
            out.collect(charge);
            return;
        }
        List<WindowShare> billed =
                Apportionment.byOverlap(charge.billedCost(), start, end, windowSize);
        List<WindowShare> effective =
                Apportionment.byOverlap(charge.effectiveCost(), start, end, windowSize);
        List<WindowShare> list = Apportionment.byOverlap(charge.listCost(), start, end, windowSize);
        for (int i = 0; i < billed.size(); i++) {
            WindowShare share = billed.get(i);
            out.collect(
                    charge.withShare(
                            Math.max(start, share.windowStart()),
                            Math.min(end, share.windowEnd()),
                            share.amount(),
                            effective.get(i).amount(),
                            list.get(i).amount()));
        }
    }
}

package io.costflow.pipeline.billing;

import io.costflow.model.billing.BillingTotals;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** The incremental aggregate and the result function of the billing windows. */
public final class BillingWindowFunctions {

    private BillingWindowFunctions() {}

    /** Merges partials into the window's {@link BillingTotals}. */
    public static final class Aggregate
            implements AggregateFunction<BillingPartial, BillingTotals, BillingTotals> {

        private static final long serialVersionUID = 1L;

        @Override
        public BillingTotals createAccumulator() {
            return new BillingTotals();
        }

        @Override
        public BillingTotals add(BillingPartial partial, BillingTotals totals) {
            return totals.merge(partial.totals());
        }

        @Override
        public BillingTotals getResult(BillingTotals totals) {
            return totals;
        }

        @Override
        public BillingTotals merge(BillingTotals a, BillingTotals b) {
            return a.merge(b);
        }
    }

    /** Labels the totals with their service and window. */
    public static final class Emit
            extends ProcessWindowFunction<BillingTotals, BillingWindow, String, TimeWindow> {

        private static final long serialVersionUID = 1L;

        @Override
        public void process(
                String serviceId,
                Context ctx,
                Iterable<BillingTotals> totals,
                Collector<BillingWindow> out) {
            out.collect(
                    new BillingWindow(
                            serviceId,
                            ctx.window().getStart(),
                            ctx.window().getEnd(),
                            totals.iterator().next()));
        }
    }
}

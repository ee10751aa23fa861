package io.costflow.pipeline.usage;

import io.costflow.model.usage.UsageTotals;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** The incremental aggregate and the result function of the telemetry windows. */
public final class UsageWindowFunctions {

    private UsageWindowFunctions() {}

    /** Merges partials into the window's {@link UsageTotals}. */
    public static final class Aggregate
            implements AggregateFunction<UsagePartial, UsageTotals, UsageTotals> {

        private static final long serialVersionUID = 1L;

        @Override
        public UsageTotals createAccumulator() {
            return new UsageTotals();
        }

        @Override
        public UsageTotals add(UsagePartial partial, UsageTotals totals) {
            return totals.merge(partial.totals());
        }

        @Override
        public UsageTotals getResult(UsageTotals totals) {
            return totals;
        }

        @Override
        public UsageTotals merge(UsageTotals a, UsageTotals b) {
            return a.merge(b);
        }
    }

    /** Labels the totals with their service and window. */
    public static final class Emit
            extends ProcessWindowFunction<UsageTotals, UsageWindow, String, TimeWindow> {

        private static final long serialVersionUID = 1L;

        @Override
        public void process(
                String serviceId,
                Context ctx,
                Iterable<UsageTotals> totals,
                Collector<UsageWindow> out) {
            out.collect(
                    new UsageWindow(
                            serviceId,
                            ctx.window().getStart(),
                            ctx.window().getEnd(),
                            totals.iterator().next()));
        }
    }
}

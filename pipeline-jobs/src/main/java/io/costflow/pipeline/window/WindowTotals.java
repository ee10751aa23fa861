package io.costflow.pipeline.window;

import java.io.Serializable;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * The incremental aggregate and the result function of a per-service window whose input is
 * pre-aggregated partials: the usage windows and the billing windows differ only in their types.
 */
public final class WindowTotals {

    private WindowTotals() {}

    /** Creates empty totals. */
    @FunctionalInterface
    public interface Empty<T> extends Serializable {
        T create();
    }

    /** The totals a partial carries. */
    @FunctionalInterface
    public interface TotalsOf<P, T> extends Serializable {
        T totalsOf(P partial);
    }

    /** Merges the second totals into the first and returns it. */
    @FunctionalInterface
    public interface MergeInto<T> extends Serializable {
        T merge(T into, T from);
    }

    /** Labels totals with their service and window. */
    @FunctionalInterface
    public interface Labelled<T, W> extends Serializable {
        W of(String serviceId, long windowStart, long windowEnd, T totals);
    }

    /** Merges each partial's totals into the window's. */
    public static final class Merge<P, T> implements AggregateFunction<P, T, T> {

        private static final long serialVersionUID = 1L;

        private final Empty<T> empty;
        private final TotalsOf<P, T> totalsOf;
        private final MergeInto<T> mergeInto;

        public Merge(Empty<T> empty, TotalsOf<P, T> totalsOf, MergeInto<T> mergeInto) {
            this.empty = empty;
            this.totalsOf = totalsOf;
            this.mergeInto = mergeInto;
        }

        @Override
        public T createAccumulator() {
            return empty.create();
        }

        @Override
        public T add(P partial, T totals) {
            return mergeInto.merge(totals, totalsOf.totalsOf(partial));
        }

        @Override
        public T getResult(T totals) {
            return totals;
        }

        @Override
        public T merge(T a, T b) {
            return mergeInto.merge(a, b);
        }
    }

    /** Emits the window's totals labelled with their service and window. */
    public static final class Label<T, W> extends ProcessWindowFunction<T, W, String, TimeWindow> {

        private static final long serialVersionUID = 1L;

        private final Labelled<T, W> labelled;

        public Label(Labelled<T, W> labelled) {
            this.labelled = labelled;
        }

        @Override
        public void process(String serviceId, Context ctx, Iterable<T> totals, Collector<W> out) {
            out.collect(
                    labelled.of(
                            serviceId,
                            ctx.window().getStart(),
                            ctx.window().getEnd(),
                            totals.iterator().next()));
        }
    }
}

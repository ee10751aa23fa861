package io.costflow.pipeline.window;

import io.costflow.model.billing.BillingTotals;
import io.costflow.model.usage.UsageTotals;
import io.costflow.model.window.CostWindowAssembler;
import io.costflow.model.window.IdlePolicy;
import io.costflow.pipeline.billing.BillingWindow;
import io.costflow.pipeline.usage.UsageWindow;
import io.costflow.schemas.ServiceCostWindow;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Joins telemetry's and billing's view of the same (service, window) — each fired on its own clock
 * — into one {@link ServiceCostWindow}, emitted whenever either side changes. Keyed by {@link
 * #key}. State is dropped once the window's allowed lateness has passed on both clocks.
 *
 * <p>A window's revision is the number of inputs folded into it: telemetry scrapes plus billing
 * charges (a restatement adds two, the retraction and the new version). It is not a count of
 * emissions, because emissions are not repeatable: after a failure the job replays its input from
 * the last checkpoint, and the replay may fire the same inputs in fewer, larger steps than the lost
 * run did (which had fired, say, revisions 3, 4 and 5 of a window and written them to PostgreSQL).
 * A counter would then emit 3 and 4 for inputs that the lost run had called 5 and 6, and the sink's
 * upsert, which keeps the highest revision so that a replay converges, would refuse every later
 * update of the window until the counter caught up, leaving stale money in place. The same inputs
 * give the same revision in every run, and each new input raises it.
 */
public final class CostWindowMerge
        extends KeyedCoProcessFunction<String, UsageWindow, BillingWindow, ServiceCostWindow> {

    private static final long serialVersionUID = 1L;

    private final String currency;
    private final IdlePolicy idlePolicy;
    private final Duration allowedLateness;

    private transient CostWindowAssembler assembler;
    private transient ValueState<UsageTotals> usage;
    private transient ValueState<BillingTotals> billing;
    private transient ValueState<Long> revision;

    public CostWindowMerge(String currency, IdlePolicy idlePolicy, Duration allowedLateness) {
        this.currency = currency;
        this.idlePolicy = idlePolicy;
        this.allowedLateness = allowedLateness;
    }

    /** The merge key of a service's window. */
    public static String key(String serviceId, long windowStart) {
        return serviceId + '@' + windowStart;
    }

    @Override
    public void open(OpenContext openContext) {
        assembler = new CostWindowAssembler(currency, idlePolicy);
        usage =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "usage", TypeInformation.of(UsageTotals.class)));
        billing =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "billing", TypeInformation.of(BillingTotals.class)));
        revision = getRuntimeContext().getState(new ValueStateDescriptor<>("revision", Types.LONG));
    }

    @Override
    public void processElement1(UsageWindow window, Context ctx, Collector<ServiceCostWindow> out)
            throws Exception {
        usage.update(window.totals());
        emit(window.serviceId(), window.windowStart(), window.windowEnd(), ctx, out);
    }

    @Override
    public void processElement2(BillingWindow window, Context ctx, Collector<ServiceCostWindow> out)
            throws Exception {
        billing.update(window.totals());
        emit(window.serviceId(), window.windowStart(), window.windowEnd(), ctx, out);
    }

    private void emit(
            String serviceId,
            long windowStart,
            long windowEnd,
            Context ctx,
            Collector<ServiceCostWindow> out)
            throws Exception {
        // Both window operators have dropped this window by then: nothing can update it again.
        ctx.timerService().registerEventTimeTimer(windowEnd - 1 + allowedLateness.toMillis() + 1);
        long inputs = inputs(usage.value(), billing.value());
        Long emitted = revision.value();
        if (inputs == 0 || (emitted != null && inputs <= emitted)) {
            return; // nothing folded in since the last emission: the same window again
        }
        revision.update(inputs);
        out.collect(
                assembler.assemble(
                        serviceId,
                        windowStart,
                        windowEnd,
                        inputs,
                        usage.value(),
                        billing.value(),
                        Instant.ofEpochMilli(ctx.timerService().currentProcessingTime())));
    }

    /** The window's revision: how many scrapes and charges it holds. */
    static long inputs(UsageTotals usage, BillingTotals billing) {
        return (usage == null ? 0 : usage.scrapeCount())
                + (billing == null ? 0 : billing.getCharges());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ServiceCostWindow> out) {
        usage.clear();
        billing.clear();
        revision.clear();
    }
}

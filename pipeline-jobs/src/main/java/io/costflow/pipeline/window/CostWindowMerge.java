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
 * — into one {@link ServiceCostWindow}, emitted with the next revision whenever either side
 * changes. Keyed by {@link #key}. State is dropped once the window's allowed lateness has passed on
 * both clocks.
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
        long next = revision.value() == null ? 1 : revision.value() + 1;
        revision.update(next);
        // Both window operators have dropped this window by then: nothing can update it again.
        ctx.timerService().registerEventTimeTimer(windowEnd - 1 + allowedLateness.toMillis() + 1);
        out.collect(
                assembler.assemble(
                        serviceId,
                        windowStart,
                        windowEnd,
                        next,
                        usage.value(),
                        billing.value(),
                        Instant.ofEpochMilli(ctx.timerService().currentProcessingTime())));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ServiceCostWindow> out) {
        usage.clear();
        billing.clear();
        revision.clear();
    }
}

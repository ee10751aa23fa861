package io.costflow.pipeline.cost;

import io.costflow.model.CostWindowTotals;
import io.costflow.schemas.Decimals;
import io.costflow.schemas.ServiceCostWindow;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Turns a window's totals into a {@link ServiceCostWindow}. Every firing of the same window (the
 * first at the watermark, then one per late update within the allowed lateness) carries the next
 * {@code revision}, so sinks keep only the newest.
 */
public final class EmitCostWindow
        extends ProcessWindowFunction<CostWindowTotals, ServiceCostWindow, String, TimeWindow> {

    private static final long serialVersionUID = 1L;

    private static final ValueStateDescriptor<Long> REVISION =
            new ValueStateDescriptor<>("revision", Types.LONG);

    private final String currency;

    public EmitCostWindow(String currency) {
        this.currency = currency;
    }

    @Override
    public void process(
            String serviceId,
            Context ctx,
            Iterable<CostWindowTotals> elements,
            Collector<ServiceCostWindow> out)
            throws Exception {
        CostWindowTotals totals = elements.iterator().next();
        ValueState<Long> revisionState = ctx.windowState().getState(REVISION);
        long revision = revisionState.value() == null ? 1 : revisionState.value() + 1;
        revisionState.update(revision);

        out.collect(
                ServiceCostWindow.newBuilder()
                        .setServiceId(serviceId)
                        .setWindowStart(Instant.ofEpochMilli(ctx.window().getStart()))
                        .setWindowEnd(Instant.ofEpochMilli(ctx.window().getEnd()))
                        .setStatus(totals.status())
                        .setRevision(revision)
                        .setCurrency(currency)
                        .setBilledCost(Decimals.normalize(totals.billedCost()))
                        .setEffectiveCost(Decimals.normalize(totals.effectiveCost()))
                        .setProvisionalCost(Decimals.ZERO)
                        .setCostByChargeCategory(List.of())
                        .setCostPerMillionRequests(null)
                        .setRequestCount(totals.requestCount())
                        .setErrorCount(totals.errorCount())
                        .setLatency(null)
                        .setCpuUtilization(null)
                        .setMemoryUtilization(null)
                        .setResourceCount(0)
                        .setIdleCost(Decimals.ZERO)
                        .setUpdatedAt(Instant.ofEpochMilli(ctx.currentProcessingTime()))
                        .build());
    }

    @Override
    public void clear(Context ctx) {
        // Runs when the window's allowed lateness has passed: without it the revision leaks.
        ctx.windowState().getState(REVISION).clear();
    }
}

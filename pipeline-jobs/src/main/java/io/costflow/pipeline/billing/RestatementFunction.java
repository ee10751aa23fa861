package io.costflow.pipeline.billing;

import io.costflow.model.billing.AttributedCharge;
import io.costflow.model.billing.Restatements;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keeps the latest version of each line item (keyed by line item id, for the restatement horizon)
 * and passes on what a new version changes: {@link Restatements#deltas}.
 */
public final class RestatementFunction
        extends KeyedProcessFunction<String, AttributedCharge, AttributedCharge> {

    private static final long serialVersionUID = 1L;

    private final Duration horizon;
    private transient ValueState<AttributedCharge> latest;
    private transient Counter restated;
    private transient Counter unchanged;

    public RestatementFunction(Duration horizon) {
        this.horizon = horizon;
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<AttributedCharge> descriptor =
                new ValueStateDescriptor<>(
                        "latest-version", TypeInformation.of(AttributedCharge.class));
        descriptor.enableTimeToLive(
                StateTtlConfig.newBuilder(horizon)
                        .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                        .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                        .build());
        latest = getRuntimeContext().getState(descriptor);
        restated = getRuntimeContext().getMetricGroup().counter("lineItemsRestated");
        // Duplicates, and older versions overtaken by a newer one.
        unchanged = getRuntimeContext().getMetricGroup().counter("lineItemsUnchanged");
    }

    @Override
    public void processElement(
            AttributedCharge charge, Context ctx, Collector<AttributedCharge> out)
            throws Exception {
        AttributedCharge previous = latest.value();
        var deltas = Restatements.deltas(previous, charge);
        if (previous != null) {
            (deltas.isEmpty() ? unchanged : restated).inc();
        }
        for (AttributedCharge delta : deltas) {
            out.collect(delta);
        }
        AttributedCharge keep = Restatements.latest(previous, charge);
        if (keep != previous) {
            latest.update(keep);
        }
    }
}

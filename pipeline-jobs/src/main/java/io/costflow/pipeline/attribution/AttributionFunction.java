package io.costflow.pipeline.attribution;

import io.costflow.model.ServiceAttribution;
import io.costflow.model.billing.AttributedCharge;
import io.costflow.pipeline.source.VersionedLine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The join of billing with telemetry, keyed by resource id. Telemetry teaches which service a
 * resource belongs to (remembered with a TTL); a billing line of a known resource is attributed at
 * once, one of an unknown resource waits — for at most {@code wait} of event time — for telemetry
 * to name it, and then goes to {@link ServiceAttribution#UNALLOCATED}: visible, never dropped.
 */
public final class AttributionFunction
        extends KeyedCoProcessFunction<String, ResourceSighting, VersionedLine, AttributedCharge> {

    private static final long serialVersionUID = 1L;

    private final Duration wait;
    private final Duration mappingTtl;

    private transient ValueState<String> service;
    private transient ListState<VersionedLine> pending;
    private transient ValueState<Long> deadline;
    private transient Counter unallocated;

    public AttributionFunction(Duration wait, Duration mappingTtl) {
        this.wait = wait;
        this.mappingTtl = mappingTtl;
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<String> serviceDescriptor =
                new ValueStateDescriptor<>("service-of-resource", Types.STRING);
        // Refreshed by every sighting: a resource not seen for the TTL is forgotten.
        serviceDescriptor.enableTimeToLive(
                StateTtlConfig.newBuilder(mappingTtl)
                        .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                        .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                        .build());
        service = getRuntimeContext().getState(serviceDescriptor);
        pending =
                getRuntimeContext()
                        .getListState(
                                new ListStateDescriptor<>(
                                        "lines-awaiting-attribution",
                                        TypeInformation.of(VersionedLine.class)));
        deadline =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("attribution-deadline", Types.LONG));
        unallocated = getRuntimeContext().getMetricGroup().counter("chargesUnallocated");
    }

    @Override
    public void processElement1(
            ResourceSighting sighting, Context ctx, Collector<AttributedCharge> out)
            throws Exception {
        // Written on every sighting (they arrive at most once per sighting interval) so the
        // mapping's TTL counts from when the resource was last seen.
        service.update(sighting.serviceId());
        Iterable<VersionedLine> waiting = pending.get();
        if (waiting != null && waiting.iterator().hasNext()) {
            for (VersionedLine line : waiting) {
                out.collect(AttributedCharge.of(line.line(), line.version(), sighting.serviceId()));
            }
            clearPending(ctx);
        }
    }

    @Override
    public void processElement2(VersionedLine line, Context ctx, Collector<AttributedCharge> out)
            throws Exception {
        String known = service.value();
        if (known != null) {
            out.collect(AttributedCharge.of(line.line(), line.version(), known));
            return;
        }
        pending.add(line);
        if (deadline.value() == null) {
            long due =
                    Math.max(
                                    line.line().getChargePeriodEnd().toEpochMilli(),
                                    ctx.timerService().currentWatermark())
                            + wait.toMillis();
            ctx.timerService().registerEventTimeTimer(due);
            deadline.update(due);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<AttributedCharge> out)
            throws Exception {
        List<VersionedLine> lines = new ArrayList<>();
        pending.get().forEach(lines::add);
        for (VersionedLine line : lines) {
            out.collect(
                    AttributedCharge.of(
                            line.line(), line.version(), ServiceAttribution.UNALLOCATED));
            unallocated.inc();
        }
        pending.clear();
        deadline.clear();
    }

    private void clearPending(Context ctx) throws Exception {
        Long due = deadline.value();
        if (due != null) {
            ctx.timerService().deleteEventTimeTimer(due);
        }
        pending.clear();
        deadline.clear();
    }
}

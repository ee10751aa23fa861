package io.costflow.pipeline.usage;

import io.costflow.schemas.TelemetryEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Passes each scrape of a resource once: a repeat of an {@code eventId} already seen (a scraper's
 * retry, a replayed topic) is dropped and counted in {@code telemetryRepeatsDropped}, so requests,
 * errors, latency and provisional cost are not counted twice. Keyed by resource id.
 *
 * <p>An id is remembered until no window it could count in accepts data any more: its event time
 * plus the window size plus the allowed lateness, in event time. A repeat after that is dropped as
 * too late by the window anyway. Clean-up runs once per window size per resource, not once per
 * scrape.
 */
public final class DropRepeatedScrapes
        extends KeyedProcessFunction<String, TelemetryEvent, TelemetryEvent> {

    private static final long serialVersionUID = 1L;

    private final long retentionMillis;
    private final long sweepMillis;

    private transient MapState<String, Long> forgetAt;
    private transient Counter repeats;

    /**
     * @param windowSize the cost windows' size; also how often an id's memory is swept
     * @param allowedLateness how long after its end a window still takes data
     */
    public DropRepeatedScrapes(Duration windowSize, Duration allowedLateness) {
        this.retentionMillis = windowSize.plus(allowedLateness).toMillis();
        this.sweepMillis = windowSize.toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        forgetAt =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "scrape-ids-seen", Types.STRING, Types.LONG));
        repeats = getRuntimeContext().getMetricGroup().counter("telemetryRepeatsDropped");
    }

    @Override
    public void processElement(TelemetryEvent event, Context ctx, Collector<TelemetryEvent> out)
            throws Exception {
        String id = event.getEventId();
        if (forgetAt.contains(id)) {
            repeats.inc();
            return;
        }
        long forget = ctx.timestamp() + retentionMillis;
        if (forget > ctx.timerService().currentWatermark()) {
            forgetAt.put(id, forget);
            // Rounded up to the sweep interval: one timer per resource and interval.
            long sweep = Math.floorDiv(forget, sweepMillis) * sweepMillis + sweepMillis;
            ctx.timerService().registerEventTimeTimer(sweep);
        }
        out.collect(event);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<TelemetryEvent> out)
            throws Exception {
        List<String> forgotten = new ArrayList<>();
        for (Map.Entry<String, Long> seen : forgetAt.entries()) {
            if (seen.getValue() <= timestamp) {
                forgotten.add(seen.getKey());
            }
        }
        for (String id : forgotten) {
            forgetAt.remove(id);
        }
    }
}

package io.costflow.pipeline.usage;

import io.costflow.schemas.TelemetryEvent;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Passes each scrape of a resource once: a repeat of an {@code eventId} already seen (a scraper's
 * retry, a replayed topic) is dropped and counted in {@code telemetryRepeatsDropped}, so requests,
 * errors, latency and provisional cost are not counted twice. Keyed by resource id.
 *
 * <p>An id is remembered for the window size plus the allowed lateness, as state time-to-live: as
 * long as a window could still take its scrape when the two arrive together. The TTL runs in
 * processing time, where an event-time timer per id would be exact; registering that timer for
 * every scrape halved the job's throughput in {@code ./costflow bench pipeline} (RocksDB keeps
 * timers as state), while the TTL costs nothing measurable. RocksDB drops expired ids during
 * compaction.
 */
public final class DropRepeatedScrapes
        extends KeyedProcessFunction<String, TelemetryEvent, TelemetryEvent> {

    private static final long serialVersionUID = 1L;

    private final long retentionMillis;

    private transient MapState<String, Long> forgetAt;
    private transient Counter repeats;

    /**
     * @param windowSize the cost windows' size
     * @param allowedLateness how long after its end a window still takes data
     */
    public DropRepeatedScrapes(Duration windowSize, Duration allowedLateness) {
        this.retentionMillis = windowSize.plus(allowedLateness).toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        MapStateDescriptor<String, Long> descriptor =
                new MapStateDescriptor<>("scrape-ids-seen", Types.STRING, Types.LONG);
        descriptor.enableTimeToLive(
                StateTtlConfig.newBuilder(Duration.ofMillis(retentionMillis))
                        .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                        .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                        .build());
        forgetAt = getRuntimeContext().getMapState(descriptor);
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
        forgetAt.put(id, ctx.timestamp());
        out.collect(event);
    }
}

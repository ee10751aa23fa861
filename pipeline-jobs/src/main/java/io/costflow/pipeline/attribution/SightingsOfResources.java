package io.costflow.pipeline.attribution;

import io.costflow.schemas.TelemetryEvent;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Turns telemetry into resource sightings for the attribution join, but only when they teach
 * something: the first sighting of a resource, a change of its service, or — to keep its mapping
 * alive — once per {@code interval} of event time. Every scrape would otherwise cost a keyed state
 * access in the join. The memory is per subtask and not checkpointed: after a restart the first
 * sighting of each resource simply goes through again.
 */
public final class SightingsOfResources
        extends RichFlatMapFunction<TelemetryEvent, ResourceSighting> {

    private static final long serialVersionUID = 1L;

    private final long interval;
    private transient Map<String, Sent> sent;

    /**
     * @param interval at most this much event time between two sightings of an unchanged resource;
     *     shorter than the attribution wait, so a waiting line always sees one in time
     */
    public SightingsOfResources(Duration interval) {
        this.interval = interval.toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        sent = new HashMap<>();
    }

    @Override
    public void flatMap(TelemetryEvent e, Collector<ResourceSighting> out) {
        long at = e.getTimestamp().toEpochMilli();
        Sent last = sent.get(e.getResourceId());
        if (last == null || !last.serviceId.equals(e.getServiceId()) || at - last.at >= interval) {
            sent.put(e.getResourceId(), new Sent(e.getServiceId(), at));
            out.collect(
                    new ResourceSighting(e.getResourceId(), e.getServiceId(), e.getInstanceType()));
        }
    }

    private record Sent(String serviceId, long at) {}
}

package io.costflow.pipeline.billing;

import io.costflow.model.billing.AttributedCharge;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.streaming.api.windowing.assigners.WindowAssigner;
import org.apache.flink.streaming.api.windowing.triggers.EventTimeTrigger;
import org.apache.flink.streaming.api.windowing.triggers.Trigger;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;

/**
 * Tumbling event-time windows for a window's share of a charge: the window is the one holding the
 * share's charge period, not the record's timestamp (a line spanning several windows is split
 * before, and every share keeps its line's timestamp).
 */
public final class ChargePeriodWindows extends WindowAssigner<Object, TimeWindow> {

    private static final long serialVersionUID = 1L;

    private final long size;

    public ChargePeriodWindows(Duration size) {
        this.size = size.toMillis();
    }

    @Override
    public Collection<TimeWindow> assignWindows(
            Object element, long timestamp, WindowAssignerContext context) {
        long start = ((AttributedCharge) element).chargePeriodStart();
        long windowStart = TimeWindow.getWindowStartWithOffset(start, 0, size);
        return List.of(new TimeWindow(windowStart, windowStart + size));
    }

    @Override
    public Trigger<Object, TimeWindow> getDefaultTrigger() {
        return EventTimeTrigger.create();
    }

    @Override
    public TypeSerializer<TimeWindow> getWindowSerializer(ExecutionConfig executionConfig) {
        return new TimeWindow.Serializer();
    }

    @Override
    public boolean isEventTime() {
        return true;
    }

    @Override
    public String toString() {
        return "ChargePeriodWindows(" + size + ")";
    }
}

package io.costflow.pipeline.combine;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Combines elements of the same (key, window) inside one subtask before they are shuffled to the
 * keyed window operator, which then reads and writes its state once per batch instead of once per
 * element — the local half of local/global aggregation (the Table API's "mini-batch"; the
 * DataStream API has no built-in equivalent, hence this operator).
 *
 * <p>It keeps nothing across a watermark or a checkpoint: the buffer is emitted before every
 * watermark is forwarded, before every checkpoint barrier and at the end of input, so it needs no
 * state and changes no result. An element whose window has already ended at this subtask's
 * watermark may be late downstream; it is passed on alone, unchanged, so the window operator can
 * still judge it and a too-late dead letter keeps its detail.
 */
public final class LocalPreAggregation<IN, ACC, OUT> extends AbstractStreamOperator<OUT>
        implements OneInputStreamOperator<IN, OUT>, BoundedOneInput {

    private static final long serialVersionUID = 1L;

    /** How elements combine, and what the combined and the passed-on forms look like. */
    public interface Combiner<IN, ACC, OUT> extends Serializable {

        /** The grouping key, including the window (e.g. {@code service@windowStart}). */
        String key(IN element);

        /** The start of the element's window: the timestamp of a combined record. */
        long windowStart(IN element);

        /** The end of the element's window. */
        long windowEnd(IN element);

        ACC create();

        ACC add(ACC accumulator, IN element);

        /** A combined record of the elements of one key. */
        OUT combined(IN first, ACC accumulator);

        /** One element passed on alone. */
        OUT single(IN element);
    }

    private final Combiner<IN, ACC, OUT> combiner;
    private final int maxKeys;

    private transient Map<String, Buffered<IN, ACC>> buffer;
    private transient long watermark;

    /**
     * @param maxKeys the buffer is emitted early when it holds this many keys
     */
    public LocalPreAggregation(Combiner<IN, ACC, OUT> combiner, int maxKeys) {
        this.combiner = combiner;
        this.maxKeys = maxKeys;
    }

    @Override
    public void open() throws Exception {
        super.open();
        buffer = new LinkedHashMap<>();
        watermark = Long.MIN_VALUE;
    }

    @Override
    public void processElement(StreamRecord<IN> record) {
        IN element = record.getValue();
        if (combiner.windowEnd(element) <= watermark) {
            output.collect(record.replace(combiner.single(element)));
            return;
        }
        Buffered<IN, ACC> entry =
                buffer.computeIfAbsent(
                        combiner.key(element), k -> new Buffered<>(element, combiner.create()));
        entry.accumulator = combiner.add(entry.accumulator, element);
        if (buffer.size() >= maxKeys) {
            flush();
        }
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        flush();
        watermark = mark.getTimestamp();
        super.processWatermark(mark);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        flush();
    }

    @Override
    public void endInput() {
        flush();
    }

    private void flush() {
        for (Buffered<IN, ACC> entry : buffer.values()) {
            output.collect(
                    new StreamRecord<>(
                            combiner.combined(entry.first, entry.accumulator),
                            combiner.windowStart(entry.first)));
        }
        buffer.clear();
    }

    private static final class Buffered<IN, ACC> {
        final IN first;
        ACC accumulator;

        Buffered(IN first, ACC accumulator) {
            this.first = first;
            this.accumulator = accumulator;
        }
    }
}

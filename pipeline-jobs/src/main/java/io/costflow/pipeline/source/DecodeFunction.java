package io.costflow.pipeline.source;

import io.costflow.model.validation.RecordValidator;
import io.costflow.model.validation.Rejection;
import io.costflow.schemas.BillingLineItem;
import io.costflow.schemas.DeadLetter;
import io.costflow.schemas.serde.RecordDecodingException;
import io.costflow.schemas.serde.RecordSerde;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Decodes and validates raw records where they enter the job. A record that does not decode or
 * fails validation goes to {@link #DEAD_LETTERS} with its original bytes, its source position and
 * the reason; the job never fails on input. Counts {@code recordsRead}, {@code recordsAccepted} and
 * {@code recordsDeadLettered}, so that accepted + dead-lettered = read.
 */
public final class DecodeFunction<T, OUT> extends ProcessFunction<RawRecord, OUT> {

    private static final long serialVersionUID = 1L;

    /** Records the job could not accept. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", new AvroTypeInfo<>(DeadLetter.class));

    private final RecordSerde<T> serde;
    private final RecordValidator<T> validator;
    private final String stage;
    private final Output<T, OUT> output;

    private transient Counter read;
    private transient Counter accepted;
    private transient Counter deadLettered;

    /** What an accepted record becomes, knowing where it was read. */
    @FunctionalInterface
    public interface Output<T, OUT> extends Serializable {
        OUT of(RawRecord raw, T record);
    }

    private DecodeFunction(
            RecordSerde<T> serde,
            RecordValidator<T> validator,
            String stage,
            Output<T, OUT> output) {
        this.serde = serde;
        this.validator = validator;
        this.stage = stage;
        this.output = output;
    }

    /**
     * Decodes to the records themselves.
     *
     * @param stage the operator's name, recorded in each dead letter
     */
    public static <T> DecodeFunction<T, T> records(
            RecordSerde<T> serde, RecordValidator<T> validator, String stage) {
        return new DecodeFunction<>(serde, validator, stage, (raw, record) -> record);
    }

    /** Decodes billing lines with their version, the record's offset in its partition. */
    public static DecodeFunction<BillingLineItem, VersionedLine> versionedLines(
            RecordSerde<BillingLineItem> serde,
            RecordValidator<BillingLineItem> validator,
            String stage) {
        return new DecodeFunction<>(
                serde, validator, stage, (raw, line) -> new VersionedLine(line, raw.offset()));
    }

    @Override
    public void open(OpenContext openContext) {
        MetricGroup metrics = getRuntimeContext().getMetricGroup();
        read = metrics.counter("recordsRead");
        accepted = metrics.counter("recordsAccepted");
        deadLettered = metrics.counter("recordsDeadLettered");
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<OUT> out) {
        read.inc();
        T record;
        try {
            record = serde.deserialize(raw.value());
        } catch (RecordDecodingException e) {
            reject(raw, e.reason().code(), e.getMessage(), ctx);
            return;
        }
        Optional<Rejection> rejection = validator.validate(record);
        if (rejection.isPresent()) {
            reject(raw, rejection.get().code(), rejection.get().detail(), ctx);
            return;
        }
        accepted.inc();
        out.collect(output.of(raw, record));
    }

    private void reject(RawRecord raw, String code, String detail, Context ctx) {
        deadLettered.inc();
        ctx.output(
                DEAD_LETTERS,
                DeadLetter.newBuilder()
                        .setSourceTopic(raw.topic())
                        .setSourcePartition(raw.partition())
                        .setSourceOffset(raw.offset())
                        .setSourceTimestamp(
                                raw.timestamp() < 0 ? null : Instant.ofEpochMilli(raw.timestamp()))
                        .setOriginalKey(raw.key() == null ? null : ByteBuffer.wrap(raw.key()))
                        .setOriginalValue(raw.value() == null ? null : ByteBuffer.wrap(raw.value()))
                        .setReasonCode(code)
                        .setReason(detail == null ? code : detail)
                        .setStage(stage)
                        .setDeadLetteredAt(Instant.now())
                        .build());
    }
}

package io.costflow.pipeline.sink;

import io.costflow.pipeline.PipelineOptions;
import io.costflow.schemas.DeadLetter;
import io.costflow.schemas.ServiceCostWindow;
import io.costflow.schemas.serde.RecordSerde;
import io.costflow.schemas.serde.Serdes;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaSinkBuilder;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Builds the job's Kafka sinks from {@link PipelineOptions}. */
public final class KafkaSinks {

    private KafkaSinks() {}

    /**
     * The dead-letter sink, keyed by source topic. At-least-once: a dead letter is evidence, and a
     * duplicate (same topic, partition, offset) is recognisable, while a lost one is not.
     */
    public static KafkaSink<DeadLetter> deadLetters(ReadableConfig options) {
        return builder(
                        options,
                        options.get(PipelineOptions.DEAD_LETTER_TOPIC),
                        Serdes.deadLetter(),
                        DeadLetter::getSourceTopic)
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build();
    }

    /**
     * The cost-window sink, keyed by service: exactly-once through Kafka transactions committed on
     * checkpoints, so a {@code read_committed} consumer sees each revision once.
     */
    public static KafkaSink<ServiceCostWindow> costWindows(
            ReadableConfig options, DeliveryGuarantee guarantee) {
        KafkaSinkBuilder<ServiceCostWindow> builder =
                builder(
                                options,
                                options.get(PipelineOptions.COST_WINDOWS_TOPIC),
                                Serdes.costWindow(),
                                ServiceCostWindow::getServiceId)
                        .setDeliveryGuarantee(guarantee);
        if (guarantee == DeliveryGuarantee.EXACTLY_ONCE) {
            builder.setTransactionalIdPrefix(options.get(PipelineOptions.TRANSACTIONAL_ID_PREFIX))
                    .setProperty(
                            "transaction.timeout.ms",
                            String.valueOf(
                                    options.get(PipelineOptions.KAFKA_TRANSACTION_TIMEOUT)
                                            .toMillis()));
        }
        return builder.build();
    }

    private static <T> KafkaSinkBuilder<T> builder(
            ReadableConfig options, String topic, RecordSerde<T> serde, SerializableKey<T> key) {
        KafkaRecordSerializationSchema<T> schema =
                (record, context, timestamp) ->
                        new ProducerRecord<>(
                                topic,
                                key.apply(record).getBytes(StandardCharsets.UTF_8),
                                serde.serialize(record));
        return KafkaSink.<T>builder()
                .setBootstrapServers(options.get(PipelineOptions.KAFKA_BOOTSTRAP_SERVERS))
                .setRecordSerializer(schema);
    }

    /** The record's Kafka key. */
    @FunctionalInterface
    interface SerializableKey<T> extends Function<T, String>, java.io.Serializable {}
}

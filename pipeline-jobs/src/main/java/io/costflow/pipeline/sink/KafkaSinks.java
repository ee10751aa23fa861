package io.costflow.pipeline.sink;

import io.costflow.pipeline.PipelineOptions;
import io.costflow.schemas.DeadLetter;
import io.costflow.schemas.serde.RecordSerde;
import io.costflow.schemas.serde.Serdes;
import java.nio.charset.StandardCharsets;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Builds the job's Kafka sinks from {@link PipelineOptions}. */
public final class KafkaSinks {

    private KafkaSinks() {}

    /**
     * The dead-letter sink, keyed by source topic. At-least-once: a dead letter is evidence, and a
     * duplicate (same topic, partition, offset) is recognisable, while a lost one is not.
     */
    public static KafkaSink<DeadLetter> deadLetters(ReadableConfig options) {
        String topic = options.get(PipelineOptions.DEAD_LETTER_TOPIC);
        RecordSerde<DeadLetter> serde = Serdes.deadLetter();
        KafkaRecordSerializationSchema<DeadLetter> schema =
                (letter, context, timestamp) ->
                        new ProducerRecord<>(
                                topic,
                                letter.getSourceTopic().getBytes(StandardCharsets.UTF_8),
                                serde.serialize(letter));
        return KafkaSink.<DeadLetter>builder()
                .setBootstrapServers(options.get(PipelineOptions.KAFKA_BOOTSTRAP_SERVERS))
                .setRecordSerializer(schema)
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build();
    }
}

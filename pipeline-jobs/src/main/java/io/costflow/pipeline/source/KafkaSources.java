package io.costflow.pipeline.source;

import io.costflow.pipeline.PipelineOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** Builds the job's Kafka sources from {@link PipelineOptions}. */
public final class KafkaSources {

    private KafkaSources() {}

    /** A source of the raw records of {@code topic}. */
    public static KafkaSource<RawRecord> raw(ReadableConfig options, String topic) {
        KafkaSourceBuilder<RawRecord> builder =
                KafkaSource.<RawRecord>builder()
                        .setBootstrapServers(options.get(PipelineOptions.KAFKA_BOOTSTRAP_SERVERS))
                        .setTopics(topic)
                        .setGroupId(options.get(PipelineOptions.KAFKA_GROUP_ID))
                        .setStartingOffsets(
                                OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                        .setProperty("isolation.level", "read_committed")
                        .setDeserializer(new RawRecordDeserializer());
        if (options.get(PipelineOptions.BOUNDED)) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }
}

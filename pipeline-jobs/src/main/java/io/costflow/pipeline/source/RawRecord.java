package io.costflow.pipeline.source;

/**
 * A Kafka record as read, before decoding: where it came from and its original bytes, so a record
 * that cannot be accepted reaches the dead-letter topic unchanged.
 */
public record RawRecord(
        String topic, int partition, long offset, long timestamp, byte[] key, byte[] value) {}

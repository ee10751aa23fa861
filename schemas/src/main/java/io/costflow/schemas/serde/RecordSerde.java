package io.costflow.schemas.serde;

import java.io.Serializable;

/**
 * Turns one record type into the bytes of a Kafka value and back. Jobs and tools depend on this
 * interface only, so the wire framing (today Avro single-object encoding) can change, e.g. to a
 * schema-registry framing, without touching them.
 *
 * <p>Implementations are thread-safe and serialisable, so a Flink function can hold one.
 */
public interface RecordSerde<T> extends Serializable {

    /** Encodes a record. */
    byte[] serialize(T record);

    /**
     * Decodes a record.
     *
     * @throws RecordDecodingException with a {@link RecordDecodingException.Reason} when the bytes
     *     are not a record of this type; never an unchecked exception for bad input
     */
    T deserialize(byte[] bytes) throws RecordDecodingException;

    /** The record type this serde handles. */
    Class<T> recordClass();
}

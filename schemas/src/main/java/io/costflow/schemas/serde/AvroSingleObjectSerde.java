package io.costflow.schemas.serde;

import io.costflow.schemas.serde.RecordDecodingException.Reason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro's standard single-object encoding (2-byte marker, 8-byte CRC-64-AVRO fingerprint of the
 * writer schema, binary body) for a generated record class. Any Avro library can decode these bytes
 * given the .avsc; no registry needs to run.
 *
 * <p>Readers also accept bytes written with earlier versions of the schema when those versions are
 * passed to {@link #withPreviousSchemas}; Avro resolves them to the current class.
 */
public final class AvroSingleObjectSerde<T extends SpecificRecord> implements RecordSerde<T> {

    private static final long serialVersionUID = 1L;

    private final Class<T> recordClass;
    private final List<String> previousSchemas;

    private transient BinaryMessageEncoder<T> encoder;
    private transient BinaryMessageDecoder<T> decoder;

    private AvroSingleObjectSerde(Class<T> recordClass, List<String> previousSchemas) {
        this.recordClass = recordClass;
        this.previousSchemas = List.copyOf(previousSchemas);
    }

    /** A serde for a generated Avro record class. */
    public static <T extends SpecificRecord> AvroSingleObjectSerde<T> forClass(
            Class<T> recordClass) {
        return new AvroSingleObjectSerde<>(recordClass, List.of());
    }

    /** The same serde that also decodes bytes written with the given earlier schema versions. */
    public AvroSingleObjectSerde<T> withPreviousSchemas(List<String> schemaJson) {
        return new AvroSingleObjectSerde<>(recordClass, schemaJson);
    }

    @Override
    public byte[] serialize(T record) {
        try {
            return encoder().encode(record).array();
        } catch (IOException e) {
            // Encoding into memory only fails on a record that violates its own schema.
            throw new UncheckedIOException("cannot encode " + recordClass.getSimpleName(), e);
        }
    }

    @Override
    public T deserialize(byte[] bytes) throws RecordDecodingException {
        if (bytes == null || bytes.length == 0) {
            throw new RecordDecodingException(Reason.EMPTY, "no bytes", null);
        }
        try {
            return decoder().decode(bytes);
        } catch (MissingSchemaException e) {
            throw new RecordDecodingException(Reason.UNKNOWN_SCHEMA_FINGERPRINT, e.getMessage(), e);
        } catch (BadHeaderException e) {
            throw new RecordDecodingException(Reason.NOT_SINGLE_OBJECT_ENCODED, e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            // Avro reports a corrupt body with whatever its decoder hit first: EOFException,
            // AvroRuntimeException, a negative array size, an out-of-range enum index ...
            throw new RecordDecodingException(Reason.MALFORMED_BODY, describe(e), e);
        }
    }

    @Override
    public Class<T> recordClass() {
        return recordClass;
    }

    private static String describe(Exception e) {
        String detail = e.getMessage() == null ? "" : ": " + e.getMessage();
        String kind =
                e instanceof AvroRuntimeException ? "invalid Avro body" : "cannot decode body";
        return kind + " (" + e.getClass().getSimpleName() + detail + ")";
    }

    private BinaryMessageEncoder<T> encoder() {
        if (encoder == null) {
            encoder = new BinaryMessageEncoder<>(model(), schema());
        }
        return encoder;
    }

    private BinaryMessageDecoder<T> decoder() {
        if (decoder == null) {
            Schema current = schema();
            BinaryMessageDecoder<T> d = new BinaryMessageDecoder<>(model(), current);
            long fingerprint = SchemaNormalization.parsingFingerprint64(current);
            for (String json : previousSchemas) {
                Schema previous = new Schema.Parser().parse(json);
                // An unchanged version needs no resolution: the current schema decodes it as is.
                if (SchemaNormalization.parsingFingerprint64(previous) != fingerprint) {
                    d.addSchema(previous);
                }
            }
            decoder = d;
        }
        return decoder;
    }

    private SpecificData model() {
        return SpecificData.getForClass(recordClass);
    }

    private Schema schema() {
        return SpecificData.get().getSchema(recordClass);
    }
}

package io.costflow.schemas.serde;

import java.util.Locale;

/** Bytes that are not a valid record of the expected type, with a machine-readable reason. */
public final class RecordDecodingException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why decoding failed. Each reason has a stable code used in dead letters. */
    public enum Reason {
        /** Null or empty input. */
        EMPTY,
        /** No Avro single-object header (marker C3 01 and an 8-byte fingerprint). */
        NOT_SINGLE_OBJECT_ENCODED,
        /** A valid header whose schema fingerprint is not one this reader knows. */
        UNKNOWN_SCHEMA_FINGERPRINT,
        /** A known schema but a body that does not decode (truncated, corrupt, wrong types). */
        MALFORMED_BODY;

        /** The code written into dead letters, e.g. {@code unknown-schema-fingerprint}. */
        public String code() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final Reason reason;

    public RecordDecodingException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}

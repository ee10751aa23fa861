package io.costflow.model.validation;

/**
 * Why a record is not accepted: a stable machine-readable code (written into dead letters) and a
 * human-readable detail naming the field and value.
 */
public record Rejection(String code, String detail) {

    public static final String MISSING_ID = "missing-id";
    public static final String INVALID_PERIOD = "invalid-period";
    public static final String INVALID_NUMBER = "invalid-number";
    public static final String WRONG_CURRENCY = "wrong-currency";
    public static final String INVALID_HISTOGRAM = "invalid-histogram";
    public static final String FUTURE_TIMESTAMP = "future-timestamp";
    public static final String TOO_LATE = "too-late";
}

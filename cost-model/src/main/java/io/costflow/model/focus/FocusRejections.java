package io.costflow.model.focus;

import io.costflow.model.validation.Rejection;

/**
 * Every reason code a FOCUS row can be rejected with. Codes shared with the pipeline's validators
 * are the same strings as in {@link Rejection}, so a report and a dead letter say the same thing.
 */
public final class FocusRejections {

    /** A column the row needs is absent from the file or null in this row. */
    public static final String MISSING_VALUE = "missing-value";

    /** A cost or quantity that is not a decimal number, or too large for the contract. */
    public static final String INVALID_NUMBER = Rejection.INVALID_NUMBER;

    /** A ChargePeriodStart or ChargePeriodEnd that is not an ISO-8601 date-time. */
    public static final String INVALID_TIMESTAMP = "invalid-timestamp";

    /** A ChargePeriodEnd that is not after ChargePeriodStart. */
    public static final String INVALID_PERIOD = Rejection.INVALID_PERIOD;

    /** A ChargeCategory that FOCUS does not define. */
    public static final String UNKNOWN_CHARGE_CATEGORY = "unknown-charge-category";

    /** A ChargeClass that FOCUS does not define (only Correction, or null). */
    public static final String UNKNOWN_CHARGE_CLASS = "unknown-charge-class";

    /** A BillingCurrency other than the one the pipeline sums. */
    public static final String WRONG_CURRENCY = Rejection.WRONG_CURRENCY;

    /** A Tags value that is not a JSON object. */
    public static final String INVALID_TAGS = "invalid-tags";

    /** A CSV record with a different number of fields than the header (a cut or garbled line). */
    public static final String MALFORMED_ROW = "malformed-row";

    private FocusRejections() {}
}

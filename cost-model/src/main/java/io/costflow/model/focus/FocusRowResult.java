package io.costflow.model.focus;

import io.costflow.model.validation.Rejection;
import io.costflow.schemas.BillingLineItem;

/** What became of one row of a FOCUS export: a billing line item, or the reason it was rejected. */
public sealed interface FocusRowResult permits FocusRowResult.Accepted, FocusRowResult.Rejected {

    /** The row's number as the caller counts rows (the ingest counts the header as row 1). */
    long rowNumber();

    /**
     * A row that became a line item.
     *
     * @param derivedId true when the line item id was derived from the row's columns rather than
     *     read from a provider's line item id column
     */
    record Accepted(long rowNumber, BillingLineItem item, boolean derivedId)
            implements FocusRowResult {}

    /** A row that cannot be a line item, and why. */
    record Rejected(long rowNumber, Rejection rejection) implements FocusRowResult {}
}

package io.costflow.ingest;

import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

/** The messy export in {@code src/test/resources/focus} and what it must give. */
final class FocusFixtures {

    /**
     * An Azure-style FOCUS 1.0 export: byte-order mark, CRLF, every field quoted, NULL and empty
     * nulls, enum values in three cases, four date-time shapes, 15+ decimal places, padded tag
     * keys, a tax, a credit and a purchase without ResourceId, a correction, a row repeated
     * exactly, and five broken rows.
     */
    static final String MESSY_EXPORT = "messy-export.csv";

    /** Rows read: 13 data rows below the header. */
    static final int ROWS = 13;

    /** Rows that become line items: 2, 3, 4, 5, 7, 8, 10 and 13. */
    static final int USABLE_ROWS = 8;

    /** The sum of their BilledCost, each rounded half-even to 12 places first. */
    static final BigDecimal BILLED_COST_OF_USABLE_ROWS = new BigDecimal("873.192222211225");

    /** Usable rows without a {@code service} tag: 4 (team only), 5 (tax) and 7 (credit). */
    static final int USABLE_ROWS_WITHOUT_SERVICE_TAG = 3;

    /** The broken rows, their reason codes and the start of each reason, in row order. */
    static final List<BrokenRow> BROKEN_ROWS =
            List.of(
                    new BrokenRow(6, "invalid-number", "BilledCost 'abc' is not a decimal number"),
                    new BrokenRow(
                            9,
                            "invalid-period",
                            "ChargePeriodEnd 2024-03-01T14:00:00Z is not after ChargePeriodStart"
                                    + " 2024-03-01T15:00:00Z"),
                    new BrokenRow(
                            11, "unknown-charge-category", "ChargeCategory 'Refund' is not one of"),
                    new BrokenRow(12, "malformed-row", "the row has 6 fields, the header has 31"),
                    new BrokenRow(14, "wrong-currency", "BillingCurrency 'EUR', expected USD"));

    record BrokenRow(long row, String code, String reason) {}

    private FocusFixtures() {}

    static Path path(String name) {
        try {
            return Path.of(FocusFixtures.class.getResource("/focus/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.costflow.model.focus;

import io.costflow.model.validation.Rejection;
import io.costflow.schemas.BillingLineItem;
import io.costflow.schemas.ChargeCategory;
import io.costflow.schemas.ChargeClass;
import io.costflow.schemas.Decimals;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;

/**
 * Turns one row of a FOCUS 1.x export into a {@link BillingLineItem}, or into a {@link Rejection}
 * naming the column and value that make it unusable. Stateless and thread-safe.
 *
 * <p>It accepts what real exports contain (DESIGN.md, "Real billing data looks like this"): header
 * names in any order, case or padding and from FOCUS 1.0 to 1.2 (see {@link FocusColumns}); {@code
 * NULL} in any case and empty strings as null; enumerated values in any case; costs with any number
 * of decimal places, rounded half-even to the contract's scale; the date-time shapes in {@link
 * FocusTimestamps}; {@code Tags} as a JSON object with padded keys (see {@link FocusTags}); and
 * rows without a ResourceId (taxes, support, credits).
 *
 * <p>It rejects only what would make a wrong line item: a missing or unparseable charge period, an
 * end not after the start, a missing or unknown ChargeCategory, an unknown ChargeClass, a missing
 * BillingCurrency or one other than the pipeline's, a missing or unparseable BilledCost or
 * EffectiveCost, an unparseable ListCost or ConsumedQuantity, and Tags that are not a JSON object.
 * The reason codes are in {@link FocusRejections}.
 *
 * <p>Defaults, where FOCUS data is often incomplete but the cost is still real:
 *
 * <ul>
 *   <li>ListCost absent or null: BilledCost (the price before discounts is unknown, and the billed
 *       amount is the closest known value; a row is not lost for a column nothing here sums);
 *   <li>ServiceName or BillingAccountId null: the empty string (the contract needs a string;
 *       neither takes part in costs or attribution);
 *   <li>Tags absent or null: no tags;
 *   <li>line item id: see {@link FocusLineItemIds}.
 * </ul>
 */
public final class FocusRowMapper implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The largest magnitude a decimal(38,12) can hold is below 10^26. */
    private static final int MAX_INTEGER_DIGITS = 38 - Decimals.SCALE;

    private static final int MAX_QUOTED_LENGTH = 80;

    private final String billingCurrency;

    /**
     * @param billingCurrency the one currency the pipeline sums (ISO 4217, any case); rows in
     *     another are rejected here rather than dead-lettered later
     */
    public FocusRowMapper(String billingCurrency) {
        this.billingCurrency = billingCurrency.strip().toUpperCase(Locale.ROOT);
    }

    /**
     * Maps one row.
     *
     * @param rowNumber the row's number, carried into the result for reporting
     * @param values the row's values keyed by the header's column names, as written in the file
     */
    public FocusRowResult map(long rowNumber, Map<String, String> values) {
        FocusRow row = new FocusRow(values);
        try {
            return accept(rowNumber, row);
        } catch (RowRejected e) {
            return new FocusRowResult.Rejected(rowNumber, e.rejection);
        }
    }

    private FocusRowResult.Accepted accept(long rowNumber, FocusRow row) throws RowRejected {
        Instant start = timestamp(row, FocusColumns.CHARGE_PERIOD_START);
        Instant end = timestamp(row, FocusColumns.CHARGE_PERIOD_END);
        if (!end.isAfter(start)) {
            throw new RowRejected(
                    FocusRejections.INVALID_PERIOD,
                    FocusColumns.CHARGE_PERIOD_END
                            + " "
                            + end
                            + " is not after "
                            + FocusColumns.CHARGE_PERIOD_START
                            + " "
                            + start);
        }
        ChargeCategory category = chargeCategory(row);
        ChargeClass chargeClass = chargeClass(row);
        String currency = currency(row);
        BigDecimal billed = decimal(row, FocusColumns.BILLED_COST);
        BigDecimal effective = decimal(row, FocusColumns.EFFECTIVE_COST);
        BigDecimal list =
                row.get(FocusColumns.LIST_COST) == null
                        ? billed
                        : decimal(row, FocusColumns.LIST_COST);
        BigDecimal consumedQuantity =
                row.get(FocusColumns.CONSUMED_QUANTITY) == null
                        ? null
                        : decimal(row, FocusColumns.CONSUMED_QUANTITY);
        Map<String, String> tags = tags(row);

        String providerId = FocusLineItemIds.providerId(row);
        String lineItemId =
                providerId != null ? providerId : FocusLineItemIds.derive(row, start, end);

        BillingLineItem item =
                BillingLineItem.newBuilder()
                        .setLineItemId(lineItemId)
                        .setBillingAccountId(orEmpty(row.get(FocusColumns.BILLING_ACCOUNT_ID)))
                        .setChargePeriodStart(start)
                        .setChargePeriodEnd(end)
                        .setChargeCategory(category)
                        .setChargeClass(chargeClass)
                        .setBilledCost(billed)
                        .setEffectiveCost(effective)
                        .setListCost(list)
                        .setBillingCurrency(currency)
                        .setResourceId(row.get(FocusColumns.RESOURCE_ID))
                        .setServiceName(orEmpty(row.get(FocusColumns.SERVICE_NAME)))
                        .setSkuId(row.get(FocusColumns.SKU_ID))
                        .setPricingUnit(row.get(FocusColumns.PRICING_UNIT))
                        .setConsumedQuantity(consumedQuantity)
                        .setConsumedUnit(row.get(FocusColumns.CONSUMED_UNIT))
                        .setRegionId(row.get(FocusColumns.REGION_ID))
                        .setTags(tags)
                        .build();
        return new FocusRowResult.Accepted(rowNumber, item, providerId == null);
    }

    private static Instant timestamp(FocusRow row, String column) throws RowRejected {
        String value = required(row, column);
        try {
            return FocusTimestamps.parse(value);
        } catch (DateTimeParseException e) {
            throw new RowRejected(
                    FocusRejections.INVALID_TIMESTAMP,
                    column + " " + quote(value) + " is not an ISO-8601 date-time");
        }
    }

    private static ChargeCategory chargeCategory(FocusRow row) throws RowRejected {
        String value = required(row, FocusColumns.CHARGE_CATEGORY);
        for (ChargeCategory category : ChargeCategory.values()) {
            if (category.name().equalsIgnoreCase(value)) {
                return category;
            }
        }
        throw new RowRejected(
                FocusRejections.UNKNOWN_CHARGE_CATEGORY,
                FocusColumns.CHARGE_CATEGORY
                        + " "
                        + quote(value)
                        + " is not one of Usage, Purchase, Tax, Credit, Adjustment");
    }

    private static ChargeClass chargeClass(FocusRow row) throws RowRejected {
        String value = row.get(FocusColumns.CHARGE_CLASS);
        if (value == null) {
            return null;
        }
        for (ChargeClass chargeClass : ChargeClass.values()) {
            if (chargeClass.name().equalsIgnoreCase(value)) {
                return chargeClass;
            }
        }
        throw new RowRejected(
                FocusRejections.UNKNOWN_CHARGE_CLASS,
                FocusColumns.CHARGE_CLASS + " " + quote(value) + " is neither null nor Correction");
    }

    private String currency(FocusRow row) throws RowRejected {
        String value = required(row, FocusColumns.BILLING_CURRENCY).toUpperCase(Locale.ROOT);
        if (!value.equals(billingCurrency)) {
            throw new RowRejected(
                    FocusRejections.WRONG_CURRENCY,
                    FocusColumns.BILLING_CURRENCY
                            + " "
                            + quote(value)
                            + ", expected "
                            + billingCurrency);
        }
        return value;
    }

    /** A decimal column (a cost or a quantity) at the contract's scale. */
    private static BigDecimal decimal(FocusRow row, String column) throws RowRejected {
        String value = required(row, column);
        BigDecimal parsed;
        try {
            parsed = new BigDecimal(value);
        } catch (NumberFormatException e) {
            throw new RowRejected(
                    FocusRejections.INVALID_NUMBER,
                    column + " " + quote(value) + " is not a decimal number");
        }
        BigDecimal normalized = Decimals.normalize(parsed);
        if (normalized.precision() - normalized.scale() > MAX_INTEGER_DIGITS) {
            throw new RowRejected(
                    FocusRejections.INVALID_NUMBER,
                    column
                            + " "
                            + quote(value)
                            + " is out of range (more than "
                            + MAX_INTEGER_DIGITS
                            + " digits before the decimal point)");
        }
        return normalized;
    }

    private static Map<String, String> tags(FocusRow row) throws RowRejected {
        String value = row.get(FocusColumns.TAGS);
        if (value == null) {
            return Map.of();
        }
        try {
            return FocusTags.parse(value);
        } catch (IllegalArgumentException e) {
            throw new RowRejected(
                    FocusRejections.INVALID_TAGS,
                    FocusColumns.TAGS
                            + " "
                            + quote(value)
                            + " is not a JSON object ("
                            + e.getMessage()
                            + ")");
        }
    }

    private static String required(FocusRow row, String column) throws RowRejected {
        String value = row.get(column);
        if (value == null) {
            throw new RowRejected(
                    FocusRejections.MISSING_VALUE,
                    row.has(column)
                            ? column + " is null or empty"
                            : "the file has no " + column + " column");
        }
        return value;
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    /** The value as it appears in a reason: quoted, and shortened if it is long. */
    private static String quote(String value) {
        String shown =
                value.length() <= MAX_QUOTED_LENGTH
                        ? value
                        : value.substring(0, MAX_QUOTED_LENGTH) + "...";
        return "'" + shown + "'";
    }

    /** Ends the mapping of a row; cheap, as a messy file may reject many rows. */
    private static final class RowRejected extends Exception {

        private static final long serialVersionUID = 1L;

        private final Rejection rejection;

        RowRejected(String code, String detail) {
            super(detail, null, false, false);
            this.rejection = new Rejection(code, detail);
        }
    }
}

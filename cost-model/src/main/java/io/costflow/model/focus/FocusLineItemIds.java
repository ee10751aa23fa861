package io.costflow.model.focus;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The line item id of a FOCUS row. FOCUS 1.0–1.2 define no line item id column, yet the billing
 * topic is keyed by one and treats the same id again as a restatement that replaces the earlier
 * line. So when the file has no provider id column ({@link FocusColumns#PROVIDER_LINE_ITEM_ID}),
 * the id is derived from what identifies a charge — never from what a restatement changes:
 *
 * <ul>
 *   <li>in: the {@link #IDENTIFYING_COLUMNS} — account, charge and billing period, charge category
 *       and class, the resource, service, SKU and price, region and zone, pricing and consumed
 *       unit, commitment discount, description, currency and the provider names;
 *   <li>out: costs, quantities and prices (a restated row must keep its id so it replaces, not adds
 *       to, the original), tags (re-tagging is not a new charge), and provider {@code x_} columns
 *       (they differ between providers and export versions).
 * </ul>
 *
 * <p>Values are compared the way exports vary: timestamps as instants (so {@code
 * 2024-01-01T00:00:00Z} and {@code 2024-01-01 00:00:00} agree), text without case (Azure writes the
 * same resource id in different cases). The id is {@code focus-} and the first 128 bits of the
 * SHA-256 of those values, hex-encoded. Two different rows with the same identifying values within
 * one file are told apart by {@link FocusExportMapper}.
 */
final class FocusLineItemIds {

    /** The prefix of every derived id. */
    static final String DERIVED_PREFIX = "focus-";

    static final List<String> IDENTIFYING_COLUMNS =
            List.of(
                    FocusColumns.BILLING_ACCOUNT_ID,
                    FocusColumns.SUB_ACCOUNT_ID,
                    FocusColumns.BILLING_PERIOD_START,
                    FocusColumns.CHARGE_PERIOD_START,
                    FocusColumns.CHARGE_PERIOD_END,
                    FocusColumns.CHARGE_CATEGORY,
                    FocusColumns.CHARGE_CLASS,
                    FocusColumns.CHARGE_FREQUENCY,
                    FocusColumns.CHARGE_DESCRIPTION,
                    FocusColumns.RESOURCE_ID,
                    FocusColumns.SERVICE_NAME,
                    FocusColumns.SKU_ID,
                    FocusColumns.SKU_PRICE_ID,
                    FocusColumns.PRICING_CATEGORY,
                    FocusColumns.PRICING_UNIT,
                    FocusColumns.CONSUMED_UNIT,
                    FocusColumns.REGION_ID,
                    FocusColumns.AVAILABILITY_ZONE,
                    FocusColumns.COMMITMENT_DISCOUNT_ID,
                    FocusColumns.BILLING_CURRENCY,
                    FocusColumns.PROVIDER_NAME,
                    FocusColumns.PUBLISHER_NAME,
                    FocusColumns.INVOICE_ISSUER_NAME);

    private FocusLineItemIds() {}

    /** The first non-null provider line item id of the row, or null. */
    static String providerId(FocusRow row) {
        for (String column : FocusColumns.PROVIDER_LINE_ITEM_ID) {
            String id = row.get(column);
            if (id != null) {
                return id;
            }
        }
        return null;
    }

    /** The derived id of a row whose charge period has already been parsed. */
    static String derive(FocusRow row, Instant chargePeriodStart, Instant chargePeriodEnd) {
        StringBuilder identity = new StringBuilder(256);
        for (String column : IDENTIFYING_COLUMNS) {
            String value =
                    switch (column) {
                        case FocusColumns.CHARGE_PERIOD_START -> instantText(chargePeriodStart);
                        case FocusColumns.CHARGE_PERIOD_END -> instantText(chargePeriodEnd);
                        case FocusColumns.BILLING_PERIOD_START -> timestampText(row.get(column));
                        default -> lowerCase(row.get(column));
                    };
            // Length-prefixed, so that no two different rows can produce the same text.
            identity.append(column).append('=');
            if (value == null) {
                identity.append('-');
            } else {
                identity.append(value.length()).append(':').append(value);
            }
            identity.append('\n');
        }
        byte[] hash = sha256(identity.toString().getBytes(StandardCharsets.UTF_8));
        return DERIVED_PREFIX + HexFormat.of().formatHex(Arrays.copyOf(hash, 16));
    }

    /** The first 64 bits of a derived id's hash: a compact key for counting repeats. */
    static long fingerprint(String derivedId) {
        int start = DERIVED_PREFIX.length();
        return Long.parseUnsignedLong(derivedId.substring(start, start + 16), 16);
    }

    private static String timestampText(String value) {
        if (value == null) {
            return null;
        }
        try {
            return instantText(FocusTimestamps.parse(value));
        } catch (DateTimeParseException e) {
            return lowerCase(value);
        }
    }

    private static String instantText(Instant instant) {
        return Long.toString(instant.toEpochMilli());
    }

    private static String lowerCase(String value) {
        return value == null ? null : value.toLowerCase(Locale.ROOT);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256 (MessageDigest's javadoc).
            throw new IllegalStateException(e);
        }
    }
}

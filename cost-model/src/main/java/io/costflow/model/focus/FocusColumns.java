package io.costflow.model.focus;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The FOCUS columns the ingest reads, by their FOCUS 1.0–1.2 names. Names are matched without
 * regard to case or surrounding spaces; where an earlier FOCUS version named a column differently
 * (0.5's {@code Region}, {@code AmortizedCost}, {@code ChargeType}, {@code UsageQuantity}, {@code
 * UsageUnit}) the older name is accepted as an alias.
 */
public final class FocusColumns {

    public static final String BILLING_ACCOUNT_ID = "BillingAccountId";
    public static final String SUB_ACCOUNT_ID = "SubAccountId";
    public static final String BILLING_PERIOD_START = "BillingPeriodStart";
    public static final String CHARGE_PERIOD_START = "ChargePeriodStart";
    public static final String CHARGE_PERIOD_END = "ChargePeriodEnd";
    public static final String CHARGE_CATEGORY = "ChargeCategory";
    public static final String CHARGE_CLASS = "ChargeClass";
    public static final String CHARGE_FREQUENCY = "ChargeFrequency";
    public static final String CHARGE_DESCRIPTION = "ChargeDescription";
    public static final String BILLED_COST = "BilledCost";
    public static final String EFFECTIVE_COST = "EffectiveCost";
    public static final String LIST_COST = "ListCost";
    public static final String BILLING_CURRENCY = "BillingCurrency";
    public static final String RESOURCE_ID = "ResourceId";
    public static final String SERVICE_NAME = "ServiceName";
    public static final String SKU_ID = "SkuId";
    public static final String SKU_PRICE_ID = "SkuPriceId";
    public static final String PRICING_CATEGORY = "PricingCategory";
    public static final String PRICING_UNIT = "PricingUnit";
    public static final String CONSUMED_QUANTITY = "ConsumedQuantity";
    public static final String CONSUMED_UNIT = "ConsumedUnit";
    public static final String REGION_ID = "RegionId";
    public static final String AVAILABILITY_ZONE = "AvailabilityZone";
    public static final String COMMITMENT_DISCOUNT_ID = "CommitmentDiscountId";
    public static final String PROVIDER_NAME = "ProviderName";
    public static final String PUBLISHER_NAME = "PublisherName";
    public static final String INVOICE_ISSUER_NAME = "InvoiceIssuerName";
    public static final String TAGS = "Tags";

    /**
     * Provider columns that carry a line item id of their own, in order of preference. FOCUS 1.0
     * defines none; when a file has one, its value is used instead of a derived id.
     */
    public static final List<String> PROVIDER_LINE_ITEM_ID =
            List.of("x_LineItemId", "InvoiceLineItemId");

    /**
     * Columns without which no row of a file can become a line item. ListCost is not among them:
     * when it is absent it defaults to BilledCost (see {@link FocusRowMapper}).
     */
    public static final List<String> REQUIRED =
            List.of(
                    CHARGE_PERIOD_START,
                    CHARGE_PERIOD_END,
                    CHARGE_CATEGORY,
                    BILLED_COST,
                    EFFECTIVE_COST,
                    BILLING_CURRENCY);

    private FocusColumns() {}

    /** The names a column may appear under, its FOCUS 1.x name first. */
    static List<String> namesOf(String column) {
        return switch (column) {
            case REGION_ID -> List.of(REGION_ID, "Region");
            case EFFECTIVE_COST -> List.of(EFFECTIVE_COST, "AmortizedCost");
            case CHARGE_CATEGORY -> List.of(CHARGE_CATEGORY, "ChargeType");
            case CONSUMED_QUANTITY -> List.of(CONSUMED_QUANTITY, "UsageQuantity");
            case CONSUMED_UNIT -> List.of(CONSUMED_UNIT, "UsageUnit");
            default -> List.of(column);
        };
    }

    /**
     * The {@link #REQUIRED} columns a file's header lacks (under every accepted name), so that a
     * file that is not a FOCUS export is refused once instead of every row being rejected.
     */
    public static List<String> missingRequired(Collection<String> header) {
        Set<String> present =
                header.stream().map(FocusColumns::normalize).collect(Collectors.toSet());
        List<String> missing = new ArrayList<>();
        for (String column : REQUIRED) {
            if (namesOf(column).stream()
                    .map(FocusColumns::normalize)
                    .noneMatch(present::contains)) {
                missing.add(column);
            }
        }
        return missing;
    }

    /**
     * The form a header name is compared in: without a byte-order mark, surrounding spaces or case.
     */
    static String normalize(String headerName) {
        String name = headerName;
        if (!name.isEmpty() && name.charAt(0) == '\uFEFF') {
            name = name.substring(1);
        }
        return name.strip().toLowerCase(Locale.ROOT);
    }
}

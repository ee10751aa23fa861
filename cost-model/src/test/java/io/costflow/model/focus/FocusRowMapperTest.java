package io.costflow.model.focus;

import static io.costflow.model.focus.FocusRows.ec2Hour;
import static io.costflow.model.focus.FocusRows.with;
import static io.costflow.model.focus.FocusRows.without;
import static org.assertj.core.api.Assertions.assertThat;

import io.costflow.model.validation.Rejection;
import io.costflow.schemas.BillingLineItem;
import io.costflow.schemas.ChargeCategory;
import io.costflow.schemas.ChargeClass;
import io.costflow.schemas.serde.Serdes;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class FocusRowMapperTest {

    private static final Instant HOUR_START = Instant.parse(FocusRows.HOUR_START);
    private static final Instant HOUR_END = Instant.parse(FocusRows.HOUR_END);

    private final FocusRowMapper mapper = new FocusRowMapper("USD");

    @Test
    void shouldMapEveryContractFieldWhenTheRowIsClean() {
        BillingLineItem item = accept(ec2Hour());

        assertThat(item.getLineItemId()).startsWith("focus-").hasSize(6 + 32);
        assertThat(item.getBillingAccountId()).isEqualTo("123456789012");
        assertThat(item.getChargePeriodStart()).isEqualTo(HOUR_START);
        assertThat(item.getChargePeriodEnd()).isEqualTo(HOUR_END);
        assertThat(item.getChargeCategory()).isEqualTo(ChargeCategory.USAGE);
        assertThat(item.getChargeClass()).isNull();
        assertThat(item.getBilledCost()).isEqualTo(new BigDecimal("0.096000000000"));
        assertThat(item.getEffectiveCost()).isEqualTo(new BigDecimal("0.096000000000"));
        assertThat(item.getListCost()).isEqualTo(new BigDecimal("0.096000000000"));
        assertThat(item.getBillingCurrency()).isEqualTo("USD");
        assertThat(item.getResourceId())
                .isEqualTo("arn:aws:ec2:eu-west-1:210987654321:instance/i-0abc");
        assertThat(item.getServiceName()).isEqualTo("Amazon Elastic Compute Cloud");
        assertThat(item.getSkuId()).isEqualTo("JRTCKXETXF");
        assertThat(item.getPricingUnit()).isEqualTo("Hrs");
        assertThat(item.getConsumedQuantity()).isEqualTo(new BigDecimal("1.000000000000"));
        assertThat(item.getConsumedUnit()).isEqualTo("Hrs");
        assertThat(item.getRegionId()).isEqualTo("eu-west-1");
        assertThat(item.getTags())
                .containsExactly(Map.entry("service", "checkout"), Map.entry("team", "payments"));
        // The contract's serde accepts it: every decimal is at the schema's scale.
        assertThat(Serdes.billing().serialize(item)).isNotEmpty();
    }

    @Test
    void shouldFindColumnsWhenHeaderNamesDifferInCasePaddingAndByteOrderMark() {
        Map<String, String> row = new LinkedHashMap<>();
        ec2Hour()
                .forEach(
                        (name, value) ->
                                row.put(
                                        switch (name) {
                                            case "BillingAccountId" -> "\uFEFFBillingAccountId";
                                            case "BilledCost" -> " billedcost ";
                                            case "ChargePeriodStart" -> "CHARGEPERIODSTART";
                                            default -> name;
                                        },
                                        value));

        assertThat(accept(row)).isEqualTo(accept(ec2Hour()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"NULL", "null", "Null", "", "   "})
    void shouldReadNullWhenTheValueIsTheNullLiteralOrEmpty(String nullValue) {
        Map<String, String> row = ec2Hour();
        for (String column : List.of("ResourceId", "SkuId", "PricingUnit", "RegionId", "Tags")) {
            row = with(row, column, nullValue);
        }

        BillingLineItem item = accept(row);

        assertThat(item.getResourceId()).isNull();
        assertThat(item.getSkuId()).isNull();
        assertThat(item.getPricingUnit()).isNull();
        assertThat(item.getRegionId()).isNull();
        assertThat(item.getTags()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "Usage, USAGE",
        "usage, USAGE",
        "USAGE, USAGE",
        "' Tax ', TAX",
        "credit, CREDIT",
        "Purchase, PURCHASE",
        "ADJUSTMENT, ADJUSTMENT"
    })
    void shouldReadTheChargeCategoryWhenItsCaseIsInconsistent(
            String value, ChargeCategory expected) {
        assertThat(accept(with(ec2Hour(), "ChargeCategory", value)).getChargeCategory())
                .isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Correction", "correction", "CORRECTION"})
    void shouldReadACorrectionWhenChargeClassIsInAnyCase(String value) {
        assertThat(accept(with(ec2Hour(), "ChargeClass", value)).getChargeClass())
                .isEqualTo(ChargeClass.CORRECTION);
    }

    @ParameterizedTest
    @CsvSource({
        "2024-03-01T10:00:00Z, 2024-03-01T10:00:00Z",
        "2024-03-01T10:00:00.000Z, 2024-03-01T10:00:00Z",
        "2024-03-01T10:00:00.123456789Z, 2024-03-01T10:00:00.123Z",
        "2024-03-01 10:00:00, 2024-03-01T10:00:00Z",
        "2024-03-01T10:00:00, 2024-03-01T10:00:00Z",
        "2024-03-01T10:00Z, 2024-03-01T10:00:00Z",
        "2024-03-01T12:00:00+02:00, 2024-03-01T10:00:00Z",
        "2024-03-01T05:00:00-0500, 2024-03-01T10:00:00Z",
        "2024-03-01 10:00:00 UTC, 2024-03-01T10:00:00Z",
        "2024-03-01t10:00:00z, 2024-03-01T10:00:00Z",
        "2024-03-01, 2024-03-01T00:00:00Z"
    })
    void shouldParseTheChargePeriodWhenCloudsWriteDateTimesDifferently(
            String written, Instant expected) {
        BillingLineItem item =
                accept(
                        with(
                                with(ec2Hour(), "ChargePeriodStart", written),
                                "ChargePeriodEnd",
                                "2024-03-02T00:00:00Z"));

        assertThat(item.getChargePeriodStart()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
        "0.123456789012345, 0.123456789012",
        "0.1234567890125, 0.123456789012",
        "0.1234567890135, 0.123456789014",
        "0.0000000000005, 0.000000000000",
        "-0.0000000000015, -0.000000000002",
        "1.5E-7, 0.000000150000",
        "12, 12.000000000000",
        "+3.25, 3.250000000000"
    })
    void shouldRoundHalfEvenToTwelvePlacesWhenCostsHaveMoreDecimals(
            String written, String expected) {
        BillingLineItem item = accept(with(ec2Hour(), "BilledCost", written));

        assertThat(item.getBilledCost()).isEqualTo(new BigDecimal(expected));
        assertThat(item.getBilledCost().toPlainString()).isEqualTo(expected);
    }

    @Test
    void shouldAcceptTheRowWhenResourceIdIsNullAsForTaxes() {
        Map<String, String> tax = with(ec2Hour(), "ChargeCategory", "Tax");
        tax = with(tax, "ResourceId", "NULL");
        tax = with(tax, "SkuId", "");

        BillingLineItem item = accept(tax);

        assertThat(item.getResourceId()).isNull();
        assertThat(item.getChargeCategory()).isEqualTo(ChargeCategory.TAX);
    }

    @Test
    void shouldTrimTagKeysAndValuesWhenTheExportPadsThem() {
        BillingLineItem item =
                accept(
                        with(
                                ec2Hour(),
                                "Tags",
                                "{\" service \": \"checkout \", \"team\" : \" payments\"}"));

        assertThat(item.getTags())
                .containsExactly(Map.entry("service", "checkout"), Map.entry("team", "payments"));
    }

    @Test
    void shouldUseBilledCostAsListCostWhenListCostIsAbsentOrNull() {
        BigDecimal billed = new BigDecimal("0.096000000000");

        assertThat(accept(without(ec2Hour(), "ListCost")).getListCost()).isEqualTo(billed);
        assertThat(accept(with(ec2Hour(), "ListCost", "NULL")).getListCost()).isEqualTo(billed);
    }

    @Test
    void shouldReadFocus05NamesWhenTheFileUsesThem() {
        Map<String, String> row = without(ec2Hour(), "RegionId");
        row.put("Region", "us-east-1");
        row.remove("EffectiveCost");
        row.put("AmortizedCost", "0.05");

        BillingLineItem item = accept(row);

        assertThat(item.getRegionId()).isEqualTo("us-east-1");
        assertThat(item.getEffectiveCost()).isEqualTo(new BigDecimal("0.050000000000"));
    }

    @Test
    void shouldNormaliseTheCurrencyWhenItIsWrittenInLowerCase() {
        assertThat(accept(with(ec2Hour(), "BillingCurrency", "usd")).getBillingCurrency())
                .isEqualTo("USD");
    }

    @Test
    void shouldUseTheProviderLineItemIdWhenTheFileHasOne() {
        FocusRowResult result =
                mapper.map(2, with(ec2Hour(), "x_LineItemId", "bq3k5yl7fl3uh2dn6a"));

        assertThat(result).isInstanceOf(FocusRowResult.Accepted.class);
        FocusRowResult.Accepted accepted = (FocusRowResult.Accepted) result;
        assertThat(accepted.item().getLineItemId()).isEqualTo("bq3k5yl7fl3uh2dn6a");
        assertThat(accepted.derivedId()).isFalse();
    }

    @Test
    void shouldDeriveTheSameIdWhenTheSameRowIsMappedAgain() {
        String first = accept(ec2Hour()).getLineItemId();

        FocusRowResult again = new FocusRowMapper("usd").map(99, ec2Hour());

        assertThat(((FocusRowResult.Accepted) again).item().getLineItemId()).isEqualTo(first);
    }

    @Test
    void shouldKeepTheIdWhenARestatementChangesOnlyCostsQuantitiesAndTags() {
        Map<String, String> restated = with(ec2Hour(), "BilledCost", "0.0912");
        restated = with(restated, "EffectiveCost", "0.0712");
        restated = with(restated, "ListCost", "0.1");
        restated = with(restated, "ConsumedQuantity", "0.95");
        restated = with(restated, "Tags", "{\"service\": \"search\"}");

        assertThat(accept(restated).getLineItemId()).isEqualTo(accept(ec2Hour()).getLineItemId());
    }

    @Test
    void shouldKeepTheIdWhenOnlyTheWrittenFormOfTheSameValuesDiffers() {
        Map<String, String> reformatted =
                with(ec2Hour(), "ChargePeriodStart", "2024-03-01 10:00:00");
        reformatted = with(reformatted, "ChargePeriodEnd", "2024-03-01T12:00:00.000+01:00");
        reformatted = with(reformatted, "ChargeCategory", "usage");
        reformatted = with(reformatted, "ChargeClass", "");
        reformatted =
                with(
                        reformatted,
                        "ResourceId",
                        "ARN:AWS:EC2:EU-WEST-1:210987654321:INSTANCE/I-0ABC");

        assertThat(accept(reformatted).getLineItemId())
                .isEqualTo(accept(ec2Hour()).getLineItemId());
    }

    static Stream<Arguments> identifyingChanges() {
        return Stream.of(
                Arguments.of("BillingAccountId", "999999999999"),
                Arguments.of("SubAccountId", "111111111111"),
                Arguments.of("ChargePeriodStart", "2024-03-01T10:30:00Z"),
                Arguments.of("ChargePeriodEnd", "2024-03-01T12:00:00Z"),
                Arguments.of("ChargeCategory", "Purchase"),
                Arguments.of("ChargeClass", "Correction"),
                Arguments.of("ChargeDescription", "m5.large Instance Hour (Savings Plan)"),
                Arguments.of("ResourceId", "arn:aws:ec2:eu-west-1:210987654321:instance/i-0def"),
                Arguments.of("ServiceName", "Amazon Elastic Container Service"),
                Arguments.of("SkuId", "Z3DT4ZN6VP"),
                Arguments.of("SkuPriceId", "JRTCKXETXF.JRTCKXETXF.38NPMPTW36"),
                Arguments.of("RegionId", "eu-central-1"),
                Arguments.of("PricingUnit", "Seconds"));
    }

    @ParameterizedTest
    @MethodSource("identifyingChanges")
    void shouldDeriveADifferentIdWhenAnIdentifyingColumnDiffers(String column, String value) {
        assertThat(accept(with(ec2Hour(), column, value)).getLineItemId())
                .isNotEqualTo(accept(ec2Hour()).getLineItemId());
    }

    @Test
    void shouldDeriveADifferentIdWhenAColumnBecomesNull() {
        assertThat(accept(with(ec2Hour(), "SkuPriceId", "NULL")).getLineItemId())
                .isNotEqualTo(accept(ec2Hour()).getLineItemId());
    }

    /**
     * The same three charges (usage, a tax without a resource, a credit) as an AWS-style FOCUS 1.0
     * export and as an Azure-style FOCUS 1.2 export: other column order and set, every field
     * quoted, NULL literals, other enum case and date-time shapes, more decimal places, padded tag
     * keys. Both must give identical line items, ids included.
     */
    @Test
    void shouldMapTheSameChargesIdenticallyWhenExportsDifferInVersionLayoutAndFormatting() {
        List<BillingLineItem> focus10 =
                FocusRows.csvResource("same-charges-focus-1.0.csv").stream()
                        .map(this::accept)
                        .toList();
        List<BillingLineItem> focus12 =
                FocusRows.csvResource("same-charges-focus-1.2.csv").stream()
                        .map(this::accept)
                        .toList();

        assertThat(focus10).hasSize(3);
        assertThat(focus12.stream().map(Object::toString).toList())
                .isEqualTo(focus10.stream().map(Object::toString).toList());
        assertThat(focus10.get(1).getResourceId()).isNull();
        assertThat(focus10.get(1).getBilledCost()).isEqualTo(new BigDecimal("1.234567890123"));
        assertThat(focus10.get(2).getBilledCost()).isEqualTo(new BigDecimal("-0.500000000000"));
    }

    static Stream<Arguments> brokenRows() {
        Map<String, String> clean = ec2Hour();
        return Stream.of(
                Arguments.of(
                        with(clean, "BilledCost", "NULL"),
                        FocusRejections.MISSING_VALUE,
                        "BilledCost is null or empty"),
                Arguments.of(
                        without(clean, "BilledCost"),
                        FocusRejections.MISSING_VALUE,
                        "the file has no BilledCost column"),
                Arguments.of(
                        with(clean, "BilledCost", "12,5"),
                        FocusRejections.INVALID_NUMBER,
                        "BilledCost '12,5' is not a decimal number"),
                Arguments.of(
                        with(clean, "BilledCost", "NaN"),
                        FocusRejections.INVALID_NUMBER,
                        "BilledCost 'NaN' is not a decimal number"),
                Arguments.of(
                        with(clean, "BilledCost", "1e40"),
                        FocusRejections.INVALID_NUMBER,
                        "BilledCost '1e40' is out of range"),
                Arguments.of(
                        with(clean, "EffectiveCost", ""),
                        FocusRejections.MISSING_VALUE,
                        "EffectiveCost is null or empty"),
                Arguments.of(
                        with(clean, "EffectiveCost", "$0.09"),
                        FocusRejections.INVALID_NUMBER,
                        "EffectiveCost '$0.09' is not a decimal number"),
                Arguments.of(
                        with(clean, "ListCost", "n/a"),
                        FocusRejections.INVALID_NUMBER,
                        "ListCost 'n/a' is not a decimal number"),
                Arguments.of(
                        with(clean, "ConsumedQuantity", "lots"),
                        FocusRejections.INVALID_NUMBER,
                        "ConsumedQuantity 'lots' is not a decimal number"),
                Arguments.of(
                        with(clean, "ChargePeriodStart", "null"),
                        FocusRejections.MISSING_VALUE,
                        "ChargePeriodStart is null or empty"),
                Arguments.of(
                        with(clean, "ChargePeriodEnd", "yesterday"),
                        FocusRejections.INVALID_TIMESTAMP,
                        "ChargePeriodEnd 'yesterday' is not an ISO-8601 date-time"),
                Arguments.of(
                        with(clean, "ChargePeriodStart", "2024-02-30T00:00:00Z"),
                        FocusRejections.INVALID_TIMESTAMP,
                        "ChargePeriodStart '2024-02-30T00:00:00Z'"),
                Arguments.of(
                        with(clean, "ChargePeriodEnd", FocusRows.HOUR_START),
                        FocusRejections.INVALID_PERIOD,
                        "ChargePeriodEnd 2024-03-01T10:00:00Z is not after ChargePeriodStart"
                                + " 2024-03-01T10:00:00Z"),
                Arguments.of(
                        with(clean, "ChargePeriodEnd", "2024-03-01T09:00:00Z"),
                        FocusRejections.INVALID_PERIOD,
                        "ChargePeriodEnd 2024-03-01T09:00:00Z is not after ChargePeriodStart"),
                Arguments.of(
                        with(clean, "ChargeCategory", "Refund"),
                        FocusRejections.UNKNOWN_CHARGE_CATEGORY,
                        "ChargeCategory 'Refund' is not one of Usage, Purchase, Tax, Credit,"
                                + " Adjustment"),
                Arguments.of(
                        with(clean, "ChargeCategory", "NULL"),
                        FocusRejections.MISSING_VALUE,
                        "ChargeCategory is null or empty"),
                Arguments.of(
                        with(clean, "ChargeClass", "Restatement"),
                        FocusRejections.UNKNOWN_CHARGE_CLASS,
                        "ChargeClass 'Restatement' is neither null nor Correction"),
                Arguments.of(
                        with(clean, "BillingCurrency", "NULL"),
                        FocusRejections.MISSING_VALUE,
                        "BillingCurrency is null or empty"),
                Arguments.of(
                        with(clean, "BillingCurrency", "EUR"),
                        FocusRejections.WRONG_CURRENCY,
                        "BillingCurrency 'EUR', expected USD"),
                Arguments.of(
                        with(clean, "Tags", "{\"service\" \"checkout\"}"),
                        FocusRejections.INVALID_TAGS,
                        "Tags '{\"service\" \"checkout\"}' is not a JSON object (at character"
                                + " 12: expected ':')"));
    }

    @ParameterizedTest
    @MethodSource("brokenRows")
    void shouldRejectNamingTheColumnWhenARowIsBroken(
            Map<String, String> row, String code, String detail) {
        FocusRowResult result = mapper.map(7, row);

        assertThat(result).isInstanceOf(FocusRowResult.Rejected.class);
        assertThat(result.rowNumber()).isEqualTo(7);
        Rejection rejection = ((FocusRowResult.Rejected) result).rejection();
        assertThat(rejection.code()).isEqualTo(code);
        assertThat(rejection.detail()).startsWith(detail);
    }

    @Test
    void shouldShortenTheQuotedValueWhenItIsLong() {
        String longValue = "x".repeat(500);

        FocusRowResult result = mapper.map(3, with(ec2Hour(), "BilledCost", longValue));

        assertThat(((FocusRowResult.Rejected) result).rejection().detail())
                .isEqualTo("BilledCost '" + "x".repeat(80) + "...' is not a decimal number");
    }

    private BillingLineItem accept(Map<String, String> row) {
        FocusRowResult result = mapper.map(2, row);
        assertThat(result).as("row %s", row).isInstanceOf(FocusRowResult.Accepted.class);
        return ((FocusRowResult.Accepted) result).item();
    }
}

package io.costflow.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.costflow.schemas.BillingLineItem;
import io.costflow.schemas.ChargeCategory;
import io.costflow.schemas.Decimals;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceAttributionTest {

    private static final Instant BEGINNING = Instant.parse("2026-11-01T00:00:00Z");
    private final ServiceAttribution attribution = new ServiceAttribution("service");

    @Test
    void shouldTakeTheServiceFromTheConfiguredTag() {
        assertThat(attribution.serviceOf(line(Map.of("service", "checkout", "team", "payments"))))
                .isEqualTo("checkout");
    }

    @Test
    void shouldTolerateStraySpacesInTagKeysAndValuesWhenExportsAreMessy() {
        assertThat(attribution.serviceOf(line(Map.of(" service ", "  search "))))
                .isEqualTo("search");
    }

    @Test
    void shouldAttributeToUnallocatedWhenTheTagIsMissingOrBlank() {
        assertThat(attribution.serviceOf(line(Map.of()))).isEqualTo(ServiceAttribution.UNALLOCATED);
        assertThat(attribution.serviceOf(line(Map.of("service", "  "))))
                .isEqualTo(ServiceAttribution.UNALLOCATED);
        assertThat(attribution.serviceOf(line(Map.of("team", "payments"))))
                .isEqualTo(ServiceAttribution.UNALLOCATED);
    }

    static BillingLineItem line(Map<String, String> tags) {
        return BillingLineItem.newBuilder()
                .setLineItemId("li-1")
                .setBillingAccountId("acct")
                .setChargePeriodStart(BEGINNING)
                .setChargePeriodEnd(BEGINNING.plusSeconds(3600))
                .setChargeCategory(ChargeCategory.USAGE)
                .setBilledCost(Decimals.of("1"))
                .setEffectiveCost(Decimals.of("1"))
                .setListCost(Decimals.of("1"))
                .setBillingCurrency("USD")
                .setServiceName("Amazon Elastic Compute Cloud")
                .setTags(tags)
                .build();
    }
}

package io.costflow.model.window;

import static org.assertj.core.api.Assertions.assertThat;

import io.costflow.model.billing.AttributedCharge;
import io.costflow.model.billing.BillingTotals;
import io.costflow.model.usage.UsageTotals;
import io.costflow.schemas.ChargeCategory;
import io.costflow.schemas.CostStatus;
import io.costflow.schemas.Decimals;
import io.costflow.schemas.LatencyHistogram;
import io.costflow.schemas.ServiceCostWindow;
import io.costflow.schemas.TelemetryEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CostWindowAssemblerTest {

    private static final long BEGINNING = 1_793_491_200_000L;
    private static final long ONE_HOUR_LATER = BEGINNING + 3_600_000L;
    private static final Instant NOW = Instant.ofEpochMilli(ONE_HOUR_LATER);

    private final CostWindowAssembler assembler =
            new CostWindowAssembler("USD", IdlePolicy.DEFAULT);

    @Test
    void shouldBeProvisionalAndPricedFromTelemetryWhenNoBillingYet() {
        UsageTotals usage = new UsageTotals();
        usage.add(sample("i-1", 0.5, 1000), Decimals.of("0.0016"));
        usage.add(sample("i-2", 0.6, 1000), Decimals.of("0.0016"));

        ServiceCostWindow w =
                assembler.assemble("checkout", BEGINNING, ONE_HOUR_LATER, 1, usage, null, NOW);

        assertThat(w.getStatus()).isEqualTo(CostStatus.PROVISIONAL);
        assertThat(w.getProvisionalCost()).isEqualByComparingTo("0.0032");
        assertThat(w.getBilledCost()).isEqualByComparingTo("0");
        assertThat(w.getCostPerMillionRequests()).isEqualByComparingTo("1.6");
        assertThat(w.getResourceCount()).isEqualTo(2);
        assertThat(w.getRequestCount()).isEqualTo(2000);
    }

    @Test
    void shouldBeBilledOnceBillingArrivesAndKeepTheProvisionalEstimate() {
        UsageTotals usage = new UsageTotals().add(sample("i-1", 0.5, 1000), Decimals.of("0.0016"));
        BillingTotals billing = new BillingTotals().add(charge("i-1", "0.0020", false, "USAGE"));

        ServiceCostWindow w =
                assembler.assemble("checkout", BEGINNING, ONE_HOUR_LATER, 2, usage, billing, NOW);

        assertThat(w.getStatus()).isEqualTo(CostStatus.BILLED);
        assertThat(w.getBilledCost()).isEqualByComparingTo("0.0020");
        assertThat(w.getProvisionalCost()).isEqualByComparingTo("0.0016");
        assertThat(w.getCostPerMillionRequests()).isEqualByComparingTo("2");
    }

    @Test
    void shouldBeCorrectedWhenACorrectionTouchedTheWindow() {
        BillingTotals billing =
                new BillingTotals()
                        .add(charge("i-1", "5", false, "USAGE"))
                        .add(charge(null, "-1", true, "CREDIT"))
                        .add(charge(null, "0.4", false, "TAX"));

        ServiceCostWindow w =
                assembler.assemble("checkout", BEGINNING, ONE_HOUR_LATER, 3, null, billing, NOW);

        assertThat(w.getStatus()).isEqualTo(CostStatus.CORRECTED);
        assertThat(w.getBilledCost()).isEqualByComparingTo("4.4");
        assertThat(w.getCostByChargeCategory())
                .extracting(c -> c.getChargeCategory(), c -> c.getCost().stripTrailingZeros())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                ChargeCategory.USAGE, new BigDecimal("5")),
                        org.assertj.core.groups.Tuple.tuple(
                                ChargeCategory.TAX, new BigDecimal("0.4")),
                        org.assertj.core.groups.Tuple.tuple(
                                ChargeCategory.CREDIT, new BigDecimal("-1")));
        assertThat(w.getCostPerMillionRequests()).isNull();
    }

    @Test
    void shouldCountTheCostOfIdleResources() {
        UsageTotals usage = new UsageTotals();
        usage.add(sample("busy", 0.5, 100), Decimals.of("1"));
        usage.add(sample("idle-billed", 0.01, 0), Decimals.of("1"));
        usage.add(sample("idle-unbilled", 0.02, 0), Decimals.of("0.25"));
        usage.add(sample("quiet-but-serving", 0.01, 5), Decimals.of("1"));
        BillingTotals billing =
                new BillingTotals().add(charge("idle-billed", "1.5", false, "USAGE"));

        ServiceCostWindow w =
                assembler.assemble("checkout", BEGINNING, ONE_HOUR_LATER, 1, usage, billing, NOW);

        assertThat(w.getIdleCost()).isEqualByComparingTo("1.75");
    }

    private static AttributedCharge charge(
            String resource, String cost, boolean correction, String category) {
        BigDecimal amount = Decimals.of(cost);
        return new AttributedCharge(
                "li-" + resource + cost,
                1L,
                "checkout",
                resource,
                category,
                correction,
                BEGINNING,
                ONE_HOUR_LATER,
                amount,
                amount,
                amount);
    }

    private static TelemetryEvent sample(String resource, double cpu, long requests) {
        return TelemetryEvent.newBuilder()
                .setEventId(resource)
                .setServiceId("checkout")
                .setResourceId(resource)
                .setInstanceType("m6i.large")
                .setRegion("eu-west-1")
                .setTimestamp(Instant.ofEpochMilli(BEGINNING + 60_000))
                .setIntervalSeconds(60)
                .setCpuUtilization(cpu)
                .setMemoryUtilization(0.5)
                .setRequestCount(requests)
                .setErrorCount(0)
                .setLatency(
                        LatencyHistogram.newBuilder()
                                .setBucketBoundsMs(List.of(100.0))
                                .setBucketCounts(List.of(requests, 0L))
                                .build())
                .build();
    }
}

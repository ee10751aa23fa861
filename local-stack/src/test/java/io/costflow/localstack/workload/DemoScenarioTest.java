package io.costflow.localstack.workload;

import static org.assertj.core.api.Assertions.assertThat;

import io.costflow.model.catalog.PriceCatalog;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoScenarioTest {

    private final List<DemoService> services = DemoScenario.services(DemoScenario.DEFAULT_SERVICES);

    @Test
    void shouldCastAtLeastTwentyServicesOnCatalogInstanceTypesAtCatalogPrices() {
        assertThat(services).hasSizeGreaterThanOrEqualTo(20);
        assertThat(services.stream().map(DemoService::serviceId).distinct())
                .hasSameSizeAs(services);
        for (DemoService s : services) {
            assertThat(PriceCatalog.bundled().find(s.region(), s.instanceType()))
                    .as(s.serviceId())
                    .hasValueSatisfying(
                            t ->
                                    assertThat(t.onDemandHourly())
                                            .isEqualByComparingTo(s.hourlyPricePerReplica()));
        }
    }

    @Test
    void shouldGiveOnlyTheOverBudgetServiceABudgetItSpendsWithinTwoDays() {
        for (DemoService s : services) {
            BigDecimal twoDays = s.hourlyCost().multiply(BigDecimal.valueOf(48));
            BigDecimal month = s.hourlyCost().multiply(BigDecimal.valueOf(24 * 31));
            if (s.serviceId().equals(DemoScenario.OVER_BUDGET)) {
                assertThat(s.monthlyBudget()).isLessThan(twoDays);
                // 50 % of it is not spent in the first simulated hours either.
                assertThat(s.monthlyBudget().divide(BigDecimal.valueOf(2)))
                        .isGreaterThan(s.hourlyCost().multiply(BigDecimal.valueOf(12)));
            } else {
                assertThat(s.monthlyBudget()).as(s.serviceId()).isGreaterThan(month);
            }
        }
    }

    @Test
    void shouldOverProvisionSomeServicesOnLargeInstances() {
        List<DemoService> overProvisioned =
                services.stream()
                        .filter(s -> s.cpuAtPeak() < 0.15 && s.peakRequestsPerSecond() > 0)
                        .toList();
        assertThat(overProvisioned).hasSizeGreaterThanOrEqualTo(3);
        assertThat(overProvisioned)
                .allSatisfy(s -> assertThat(s.instanceType()).matches(".*\\.(2|4)xlarge"));
    }

    @Test
    void shouldKeepEveryPartOfTheStoryInTheFirstFewServices() {
        List<String> few =
                DemoScenario.services(DemoScenario.STORY_SERVICES).stream()
                        .map(DemoService::serviceId)
                        .toList();
        assertThat(few)
                .contains(
                        "checkout",
                        DemoScenario.ERROR_INCIDENT,
                        DemoScenario.LATENCY_INCIDENT,
                        DemoScenario.OVER_BUDGET,
                        DemoScenario.IDLE);
        assertThat(DemoScenario.services(30)).hasSize(30);
    }

    @Test
    void shouldSetEachLatencyThresholdOnABucketBoundWellAboveTheMedian() {
        for (DemoService s : services) {
            assertThat(WorkloadGenerator.LATENCY_BOUNDS_MS).contains(s.latencyThresholdMs());
            assertThat(s.latencyThresholdMs()).isGreaterThanOrEqualTo(7 * s.medianLatencyMs());
        }
    }
}

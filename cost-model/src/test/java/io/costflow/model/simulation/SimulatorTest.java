package io.costflow.model.simulation;

import static io.costflow.model.slo.ServiceFixtures.CATALOG;
import static io.costflow.model.slo.ServiceFixtures.M6I_2XLARGE;
import static io.costflow.model.slo.ServiceFixtures.M6I_XLARGE;
import static io.costflow.model.slo.ServiceFixtures.overProvisionedCheckout;
import static io.costflow.model.slo.ServiceFixtures.profile;
import static org.assertj.core.api.Assertions.assertThat;

import io.costflow.model.slo.ServiceProfile;
import io.costflow.model.slo.SloModel;
import io.costflow.model.slo.SloPolicy;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatorTest {

    /** A service paying 70 % of list on demand, e.g. through a savings plan. */
    private static final BigDecimal SEVENTY_PERCENT = new BigDecimal("0.70");

    private final Simulator simulator = new Simulator(new SloModel(SloPolicy.DEFAULT));

    @Test
    void shouldPriceBaselineAndProjectionFromCatalogWhenInstanceTypeChanges() {
        SimulationResult result =
                simulator.simulate(
                        overProvisionedCheckout(),
                        new Scenario("smaller", M6I_XLARGE, 4, PricingModel.ON_DEMAND, 1, 12));

        // 4 × 0.384 × 730 and 4 × 0.192 × 730.
        assertThat(result.baseline().list()).isEqualByComparingTo("1121.28");
        assertThat(result.projected().list()).isEqualByComparingTo("560.64");
        assertThat(result.monthlySavings().list()).isEqualByComparingTo("560.64");
        assertThat(result.horizonSavings().list()).isEqualByComparingTo("6727.68");
        assertThat(result.monthlySavings().list().scale()).isEqualTo(12);
        assertThat(CostProjection.HOURS_PER_MONTH).isEqualByComparingTo("730");
    }

    @Test
    void shouldApplyDiscountOnDemandButNotToSpotWhenEffectivePriceIsBelowList() {
        ServiceProfile discounted = withEffectiveRatio(overProvisionedCheckout(), SEVENTY_PERCENT);

        SimulationResult result =
                simulator.simulate(
                        discounted, new Scenario("spot", M6I_2XLARGE, 4, PricingModel.SPOT, 1, 1));

        BigDecimal onDemandList = new BigDecimal("1121.28");
        BigDecimal spot = M6I_2XLARGE.spotHourly().multiply(new BigDecimal("2920"));
        assertThat(result.baseline().effective())
                .isEqualByComparingTo(onDemandList.multiply(SEVENTY_PERCENT));
        assertThat(result.projected().list()).isEqualByComparingTo(spot);
        assertThat(result.projected().effective()).isEqualByComparingTo(spot);
        assertThat(result.monthlySavings().effective())
                .isEqualByComparingTo(onDemandList.multiply(SEVENTY_PERCENT).subtract(spot));
    }

    @Test
    void shouldReportNegativeSavingsAndExplainWhenScenarioCostsMore() {
        SimulationResult result =
                simulator.simulate(
                        overProvisionedCheckout(),
                        new Scenario("more", M6I_2XLARGE, 5, PricingModel.ON_DEMAND, 1, 1));

        assertThat(result.monthlySavings().list()).isEqualByComparingTo("-280.32");
        assertThat(result.explanation()).contains("costs 280.32 USD more a month");
    }

    @Test
    void shouldExplainBreachWhenTrafficGrowsBeyondCapacity() {
        ServiceProfile busy = profile("payments", M6I_XLARGE, 4, 400, 0.50, 0.4, 40);

        SimulationResult result =
                simulator.simulate(
                        busy,
                        new Scenario("traffic ×2", M6I_XLARGE, 4, PricingModel.ON_DEMAND, 2, 1));

        assertThat(result.monthlySavings().list()).isZero();
        assertThat(result.prediction().utilization()).isEqualTo(1.0);
        assertThat(result.prediction().holds()).isFalse();
        assertThat(result.explanation()).contains("at 2.0× today's traffic", "grows without bound");
    }

    @Test
    void shouldSimulateEveryScenarioInOrderWhenGivenBatch() {
        ServiceProfile checkout = overProvisionedCheckout();
        List<Scenario> scenarios = ScenarioTemplate.all(checkout, CATALOG, 12);

        List<SimulationResult> results = simulator.simulateAll(checkout, scenarios);

        assertThat(results).extracting(SimulationResult::scenario).isEqualTo(scenarios);
        assertThat(results.get(0)).isEqualTo(simulator.simulate(checkout, scenarios.get(0)));
    }

    private static ServiceProfile withEffectiveRatio(ServiceProfile p, BigDecimal ratio) {
        return new ServiceProfile(
                p.serviceId(),
                p.currency(),
                p.instanceType(),
                p.replicas(),
                p.arrivalRatePerSecond(),
                p.cpu(),
                p.memory(),
                p.observedP99LatencyMs(),
                p.latencyThresholdMs(),
                ratio,
                p.requestRateVariation(),
                p.windowsPresent(),
                p.windowsExpected());
    }
}

package io.costflow.model.advice;

import static io.costflow.model.slo.ServiceFixtures.CATALOG;
import static io.costflow.model.slo.ServiceFixtures.M6I_LARGE;
import static io.costflow.model.slo.ServiceFixtures.overProvisionedCheckout;
import static org.assertj.core.api.Assertions.assertThat;

import io.costflow.model.simulation.PricingModel;
import io.costflow.model.simulation.Scenario;
import io.costflow.model.simulation.SimulationResult;
import io.costflow.model.simulation.Simulator;
import io.costflow.model.slo.ServiceProfile;
import io.costflow.model.slo.SloModel;
import io.costflow.model.slo.SloPolicy;
import io.costflow.schemas.Recommendation;
import io.costflow.schemas.RecommendationKind;
import io.costflow.schemas.RecommendationState;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RecommendationMatchesSimulationTest {

    private static final Instant NOW = Instant.parse("2026-11-22T00:00:00Z");

    private final Simulator simulator = new Simulator(new SloModel(SloPolicy.DEFAULT));

    @Test
    void shouldGiveIdenticalFiguresWhenRecommendationAndSimulationDescribeSameChange() {
        ServiceProfile checkout = overProvisionedCheckout();
        CostRecommendation recommendation =
                new RightsizingAdvisor(CATALOG, simulator, RightsizingSettings.DEFAULT)
                        .advise(checkout)
                        .recommendations()
                        .get(0);

        // What a user would type into /simulate for the same change.
        SimulationResult simulated =
                simulator.simulate(
                        checkout,
                        new Scenario("my what-if", M6I_LARGE, 4, PricingModel.ON_DEMAND, 1, 12));

        SimulationResult advised = recommendation.simulation();
        assertThat(simulated.monthlySavings()).isEqualTo(advised.monthlySavings());
        assertThat(simulated.baseline()).isEqualTo(advised.baseline());
        assertThat(simulated.projected()).isEqualTo(advised.projected());
        assertThat(simulated.prediction()).isEqualTo(advised.prediction());
        assertThat(simulated.prediction().utilization())
                .isEqualTo(advised.prediction().utilization());
        assertThat(simulated.prediction().p99LatencyMs())
                .isEqualTo(advised.prediction().p99LatencyMs());
    }

    @Test
    void shouldMatchSimulatorForEveryRecommendationWhenAllAdvisorsRun() {
        ServiceProfile checkout = overProvisionedCheckout();

        AdvisorOutcome outcome = ServiceAdvisor.withDefaults(CATALOG, simulator).advise(checkout);

        assertThat(outcome.recommendations()).isNotEmpty();
        assertThat(outcome.recommendations())
                .allSatisfy(
                        r ->
                                assertThat(simulator.simulate(checkout, r.scenario()))
                                        .isEqualTo(r.simulation()));
    }

    @Test
    void shouldWriteContractRecordWhenRecommendationIsOpen() {
        ServiceProfile checkout = overProvisionedCheckout();
        CostRecommendation recommendation =
                new RightsizingAdvisor(CATALOG, simulator, RightsizingSettings.DEFAULT)
                        .advise(checkout)
                        .recommendations()
                        .get(0);

        Recommendation record = RecommendationRecords.open(recommendation, checkout, 1, NOW, NOW);

        assertThat(record.getRecommendationId()).isEqualTo("checkout/rightsize");
        assertThat(record.getKind()).isEqualTo(RecommendationKind.RIGHTSIZE);
        assertThat(record.getState()).isEqualTo(RecommendationState.OPEN);
        assertThat(record.getCurrentInstanceType()).isEqualTo("m6i.2xlarge");
        assertThat(record.getCurrentReplicas()).isEqualTo(4);
        assertThat(record.getProposedInstanceType()).isEqualTo("m6i.large");
        assertThat(record.getProposedReplicas()).isNull();
        assertThat(record.getProposedPricingModel()).isNull();
        assertThat(record.getMonthlySavingsList()).isEqualByComparingTo("840.96");
        assertThat(record.getMonthlySavingsList().scale()).isEqualTo(12);
        assertThat(record.getCurrency()).isEqualTo("USD");
        assertThat(record.getPredictedUtilization())
                .isEqualTo(recommendation.simulation().prediction().utilization());
        assertThat(record.getExplanation())
                .startsWith(recommendation.explanation())
                .contains("Assumptions: " + SloModel.ASSUMPTIONS.get(0));
    }
}

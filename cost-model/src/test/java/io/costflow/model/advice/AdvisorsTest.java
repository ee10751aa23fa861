package io.costflow.model.advice;

import static io.costflow.model.slo.ServiceFixtures.C6I_2XLARGE;
import static io.costflow.model.slo.ServiceFixtures.CATALOG;
import static io.costflow.model.slo.ServiceFixtures.M6I_2XLARGE;
import static io.costflow.model.slo.ServiceFixtures.M6I_LARGE;
import static io.costflow.model.slo.ServiceFixtures.M6I_XLARGE;
import static io.costflow.model.slo.ServiceFixtures.ONE_DAY;
import static io.costflow.model.slo.ServiceFixtures.config;
import static io.costflow.model.slo.ServiceFixtures.hourlyWindow;
import static io.costflow.model.slo.ServiceFixtures.idleReports;
import static io.costflow.model.slo.ServiceFixtures.latencySensitiveSearch;
import static io.costflow.model.slo.ServiceFixtures.overProvisionedCheckout;
import static io.costflow.model.slo.ServiceFixtures.profile;
import static org.assertj.core.api.Assertions.assertThat;

import io.costflow.model.simulation.PricingModel;
import io.costflow.model.simulation.Simulator;
import io.costflow.model.slo.ServiceProfile;
import io.costflow.model.slo.SloModel;
import io.costflow.model.slo.SloPolicy;
import io.costflow.schemas.RecommendationKind;
import io.costflow.schemas.ServiceCostWindow;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdvisorsTest {

    private static final BigDecimal HOURS = new BigDecimal("730");

    private final Simulator simulator = new Simulator(new SloModel(SloPolicy.DEFAULT));
    private final RightsizingAdvisor rightsizing =
            new RightsizingAdvisor(CATALOG, simulator, RightsizingSettings.DEFAULT);
    private final ScaleInAdvisor scaleIn = new ScaleInAdvisor(simulator, ScaleInSettings.DEFAULT);
    private final IdleAdvisor idle = new IdleAdvisor(simulator, IdleSettings.DEFAULT);
    private final PricingModelAdvisor spot =
            new PricingModelAdvisor(simulator, SpotSettings.DEFAULT);

    @Test
    void shouldRecommendDownsizingWithCatalogSavingsWhenServiceIsOverProvisioned() {
        AdvisorOutcome outcome = rightsizing.advise(overProvisionedCheckout());

        // c6i.large and c7i.large are cheaper but have 4 GiB: p99 memory 12 % of 32 GiB would
        // reach 96 %. m6i.large (8 GiB) is the cheapest type that fits.
        assertThat(outcome.rejections()).isEmpty();
        assertThat(outcome.recommendations()).hasSize(1);
        CostRecommendation recommendation = outcome.recommendations().get(0);
        assertThat(recommendation.recommendationId()).isEqualTo("checkout/rightsize");
        assertThat(recommendation.kind()).isEqualTo(RecommendationKind.RIGHTSIZE);
        assertThat(recommendation.scenario().instanceType()).isEqualTo(M6I_LARGE);
        assertThat(recommendation.scenario().replicas()).isEqualTo(4);
        BigDecimal expected =
                M6I_2XLARGE
                        .onDemandHourly()
                        .subtract(M6I_LARGE.onDemandHourly())
                        .multiply(BigDecimal.valueOf(4))
                        .multiply(HOURS);
        assertThat(recommendation.simulation().monthlySavings().list())
                .isEqualByComparingTo(expected)
                .isEqualByComparingTo("840.96");
        assertThat(recommendation.simulation().monthlySavings().effective())
                .isEqualByComparingTo(expected);
        assertThat(recommendation.simulation().prediction().utilization()).isEqualTo(0.6);
        assertThat(recommendation.simulation().prediction().p99LatencyMs()).isLessThan(300);
        assertThat(recommendation.confidence()).isEqualTo(1.0);
        assertThat(recommendation.explanation()).contains("m6i.large", "840.96 USD", "SLOs hold");
    }

    @Test
    void shouldRecordRejectionInsteadOfRecommendingWhenDownsizingWouldBreachP99() {
        AdvisorOutcome outcome = rightsizing.advise(latencySensitiveSearch());

        assertThat(outcome.recommendations()).isEmpty();
        assertThat(outcome.rejections()).hasSize(1);
        RejectedCandidate rejection = outcome.rejections().get(0);
        assertThat(rejection.serviceId()).isEqualTo("search");
        assertThat(rejection.kind()).isEqualTo(RecommendationKind.RIGHTSIZE);
        assertThat(rejection.reason()).matches("predicted p99 \\d+ ms > SLO 300 ms");
        assertThat(rejection.simulation().scenario().instanceType().vcpu())
                .isLessThan(C6I_2XLARGE.vcpu());
        assertThat(rejection.simulation().monthlySavings().list()).isPositive();
    }

    @Test
    void shouldRecommendFewestReplicasThatKeepSloWhenReplicasAreUnderused() {
        AdvisorOutcome outcome = scaleIn.advise(overProvisionedCheckout());

        assertThat(outcome.recommendations()).hasSize(1);
        CostRecommendation recommendation = outcome.recommendations().get(0);
        assertThat(recommendation.recommendationId()).isEqualTo("checkout/scale_in");
        assertThat(recommendation.scenario().replicas())
                .isEqualTo(ScaleInSettings.DEFAULT.minReplicas());
        assertThat(recommendation.simulation().monthlySavings().list())
                .isEqualByComparingTo(
                        M6I_2XLARGE
                                .onDemandHourly()
                                .multiply(BigDecimal.valueOf(2))
                                .multiply(HOURS));
        assertThat(recommendation.simulation().prediction().utilization()).isEqualTo(0.3);
    }

    @Test
    void shouldRecordRejectionWhenOneReplicaFewerWouldRunTooHot() {
        ServiceProfile busy = profile("payments", M6I_XLARGE, 4, 400, 0.70, 0.4, 40);

        AdvisorOutcome outcome = scaleIn.advise(busy);

        assertThat(outcome.recommendations()).isEmpty();
        assertThat(outcome.rejections())
                .singleElement()
                .satisfies(
                        r -> {
                            assertThat(r.simulation().scenario().replicas()).isEqualTo(3);
                            assertThat(r.reason())
                                    .startsWith("predicted p95 CPU utilisation 93 % > target 80 %");
                        });
    }

    @Test
    void shouldRecommendRemovalWhenServiceIsIdle() {
        AdvisorOutcome outcome = idle.advise(idleReports());

        assertThat(outcome.rejections()).isEmpty();
        CostRecommendation recommendation = outcome.recommendations().get(0);
        assertThat(recommendation.recommendationId()).isEqualTo("reports/idle");
        assertThat(recommendation.kind()).isEqualTo(RecommendationKind.IDLE);
        assertThat(recommendation.scenario().replicas()).isZero();
        assertThat(recommendation.simulation().monthlySavings().list())
                .isEqualByComparingTo(
                        M6I_XLARGE
                                .onDemandHourly()
                                .multiply(BigDecimal.valueOf(2))
                                .multiply(HOURS));
        assertThat(recommendation.explanation()).startsWith("idle: p95 CPU 1 %");
    }

    @Test
    void shouldNotCallServiceIdleWhenItServesTraffic() {
        assertThat(idle.advise(overProvisionedCheckout())).isEqualTo(AdvisorOutcome.NONE);
    }

    @Test
    void shouldRecommendSpotAtCatalogSpotPriceWhenUsageIsSteady() {
        AdvisorOutcome outcome = spot.advise(overProvisionedCheckout());

        CostRecommendation recommendation = outcome.recommendations().get(0);
        assertThat(recommendation.recommendationId()).isEqualTo("checkout/pricing_model");
        assertThat(recommendation.scenario().pricingModel()).isEqualTo(PricingModel.SPOT);
        assertThat(recommendation.simulation().monthlySavings().list())
                .isEqualByComparingTo(
                        M6I_2XLARGE
                                .onDemandHourly()
                                .subtract(M6I_2XLARGE.spotHourly())
                                .multiply(BigDecimal.valueOf(4))
                                .multiply(HOURS));
    }

    @Test
    void shouldNotRecommendSpotWhenTrafficIsBursty() {
        ServiceProfile checkout = overProvisionedCheckout();
        ServiceProfile bursty =
                new ServiceProfile(
                        checkout.serviceId(),
                        checkout.currency(),
                        checkout.instanceType(),
                        checkout.replicas(),
                        checkout.arrivalRatePerSecond(),
                        checkout.cpu(),
                        checkout.memory(),
                        checkout.observedP99LatencyMs(),
                        checkout.latencyThresholdMs(),
                        checkout.effectiveToListRatio(),
                        0.8,
                        checkout.windowsPresent(),
                        checkout.windowsExpected());

        assertThat(spot.advise(bursty)).isEqualTo(AdvisorOutcome.NONE);
    }

    @Test
    void shouldAdviseNothingWhenWindowsCarryBillingButNoTelemetry() {
        List<ServiceCostWindow> billingOnly = new ArrayList<>();
        for (int hour = 0; hour < 24; hour++) {
            billingOnly.add(
                    ServiceCostWindow.newBuilder(
                                    hourlyWindow("legacy", hour, 0, 0.0, null, "0.768", "0.768"))
                            .setCpuUtilization(null)
                            .setMemoryUtilization(null)
                            .build());
        }
        ServiceProfile uninstrumented =
                ServiceProfile.from(
                        config("legacy", M6I_2XLARGE, 2), M6I_2XLARGE, billingOnly, ONE_DAY);

        AdvisorOutcome outcome =
                ServiceAdvisor.withDefaults(CATALOG, simulator).advise(uninstrumented);

        assertThat(outcome.recommendations()).isEmpty();
        assertThat(outcome.rejections())
                .isNotEmpty()
                .allSatisfy(
                        r ->
                                assertThat(r.reason())
                                        .isEqualTo(
                                                "no CPU telemetry in the lookback: utilisation"
                                                        + " cannot be predicted"));
    }

    @Test
    void shouldOfferOnlyRemovalWhenServiceIsIdle() {
        AdvisorOutcome outcome =
                ServiceAdvisor.withDefaults(CATALOG, simulator).advise(idleReports());

        assertThat(outcome.recommendations())
                .extracting(CostRecommendation::kind)
                .containsExactly(RecommendationKind.IDLE);
    }

    @Test
    void shouldOfferEveryKindThatHoldsWhenServiceIsOverProvisioned() {
        AdvisorOutcome outcome =
                ServiceAdvisor.withDefaults(CATALOG, simulator).advise(overProvisionedCheckout());

        assertThat(outcome.recommendations())
                .extracting(CostRecommendation::kind)
                .containsExactly(
                        RecommendationKind.RIGHTSIZE,
                        RecommendationKind.SCALE_IN,
                        RecommendationKind.PRICING_MODEL);
        assertThat(outcome.recommendations())
                .allSatisfy(r -> assertThat(r.simulation().prediction().holds()).isTrue());
    }
}

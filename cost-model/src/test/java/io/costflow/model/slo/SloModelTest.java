package io.costflow.model.slo;

import static io.costflow.model.slo.ServiceFixtures.CATALOG;
import static io.costflow.model.slo.ServiceFixtures.M6I_2XLARGE;
import static io.costflow.model.slo.ServiceFixtures.M6I_LARGE;
import static io.costflow.model.slo.ServiceFixtures.M6I_XLARGE;
import static io.costflow.model.slo.ServiceFixtures.REGION;
import static io.costflow.model.slo.ServiceFixtures.overProvisionedCheckout;
import static io.costflow.model.slo.ServiceFixtures.profile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.costflow.model.catalog.InstanceType;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class SloModelTest {

    private final SloModel model = new SloModel(SloPolicy.DEFAULT);

    @Test
    void shouldReproduceObservedP99WhenDeploymentIsUnchanged() {
        for (double p99 : new double[] {12, 30, 180}) {
            for (double cpu : new double[] {0.05, 0.4, 0.75}) {
                ServiceProfile today = profile("svc", M6I_XLARGE, 3, 120, cpu, 0.3, p99);

                SloPrediction prediction = model.predict(today, new Deployment(M6I_XLARGE, 3, 1.0));

                assertThat(prediction.p99LatencyMs()).isCloseTo(p99, within(1e-9));
                assertThat(prediction.utilization()).isCloseTo(cpu, within(1e-12));
            }
        }
    }

    @Test
    void shouldNeverPredictLowerLatencyOrUtilisationWhenReplicasOrInstancesShrink() {
        ServiceProfile today = profile("svc", M6I_2XLARGE, 6, 300, 0.12, 0.2, 40);
        List<InstanceType> sizes = CATALOG.family(REGION, "m6i");

        for (double traffic : new double[] {0.5, 1, 2, 4}) {
            for (int i = 0; i < sizes.size(); i++) {
                for (int replicas = 1; replicas <= 10; replicas++) {
                    SloPrediction here =
                            model.predict(today, new Deployment(sizes.get(i), replicas, traffic));
                    if (replicas > 1) {
                        SloPrediction fewer =
                                model.predict(
                                        today, new Deployment(sizes.get(i), replicas - 1, traffic));
                        assertThat(fewer.utilization()).isGreaterThanOrEqualTo(here.utilization());
                        assertThat(fewer.p99LatencyMs())
                                .isGreaterThanOrEqualTo(here.p99LatencyMs());
                    }
                    if (i > 0) {
                        SloPrediction smaller =
                                model.predict(
                                        today, new Deployment(sizes.get(i - 1), replicas, traffic));
                        assertThat(smaller.utilization())
                                .isGreaterThanOrEqualTo(here.utilization());
                        assertThat(smaller.p99LatencyMs())
                                .isGreaterThanOrEqualTo(here.p99LatencyMs());
                    }
                }
            }
        }
    }

    @Test
    void shouldBreachWhenUtilisationReachesOne() {
        // A lenient policy: only saturation itself can breach utilisation.
        SloModel lenient =
                new SloModel(
                        new SloPolicy(
                                1.0, 0.0, UtilizationPercentile.P95, UtilizationPercentile.P99));
        ServiceProfile today = profile("svc", M6I_2XLARGE, 4, 200, 0.25, 0.1, 30);

        SloPrediction exactlyFull = lenient.predict(today, new Deployment(M6I_2XLARGE, 1, 1.0));
        SloPrediction overFull = lenient.predict(today, new Deployment(M6I_LARGE, 2, 1.0));

        assertThat(exactlyFull.utilization()).isCloseTo(1.0, within(1e-12));
        assertThat(exactlyFull.holds()).isFalse();
        assertThat(exactlyFull.p99LatencyMs()).isInfinite();
        assertThat(overFull.utilization()).isGreaterThan(1);
        assertThat(overFull.holds()).isFalse();
        assertThat(overFull.breaches()).anyMatch(b -> b.contains("grows without bound"));
    }

    @Test
    void shouldBreachWithPlainReasonWhenPredictedP99ExceedsThreshold() {
        ServiceProfile today = profile("svc", M6I_2XLARGE, 4, 200, 0.15, 0.1, 250);

        SloPrediction prediction = model.predict(today, new Deployment(M6I_LARGE, 4, 1.0));

        assertThat(prediction.holds()).isFalse();
        assertThat(prediction.breaches())
                .anyMatch(b -> b.matches("predicted p99 \\d+ ms > SLO 300 ms"));
    }

    @Test
    void shouldBreachMemoryWhenSmallerInstanceCannotHoldWorkingSet() {
        ServiceProfile today = profile("svc", M6I_2XLARGE, 4, 200, 0.05, 0.5, 20);

        SloPrediction prediction = model.predict(today, new Deployment(M6I_XLARGE, 4, 1.0));

        assertThat(prediction.memoryUtilization()).hasValue(1.0);
        assertThat(prediction.breaches())
                .containsExactly(
                        "predicted p99 memory utilisation 100 % > target 80 % (100 % with 20 %"
                                + " headroom)");
    }

    @Test
    void shouldHoldAndReturnAssumptionsWhenChangeIsSafe() {
        SloPrediction prediction =
                model.predict(overProvisionedCheckout(), new Deployment(M6I_XLARGE, 4, 1.0));

        assertThat(prediction.holds()).isTrue();
        assertThat(prediction.verdict()).isEqualTo("SLOs hold");
        assertThat(prediction.utilization()).isCloseTo(0.30, within(1e-12));
        assertThat(prediction.assumptions()).containsAll(SloModel.ASSUMPTIONS);
    }

    @Test
    void shouldSkipLatencyCheckAndSayWhyWhenThereIsNoHistogram() {
        ServiceProfile noLatency =
                new ServiceProfile(
                        "svc",
                        "USD",
                        M6I_2XLARGE,
                        2,
                        10,
                        ServiceFixtures.utilization(0.2),
                        Optional.empty(),
                        OptionalDouble.empty(),
                        300,
                        java.math.BigDecimal.ONE,
                        0,
                        10,
                        10);

        SloPrediction prediction = model.predict(noLatency, new Deployment(M6I_XLARGE, 2, 1.0));

        assertThat(prediction.holds()).isTrue();
        assertThat(prediction.assumptions())
                .contains(
                        "no latency histogram in the lookback: the latency SLO is not checked",
                        "no memory telemetry: memory is not checked");
    }

    @Test
    void shouldBreachWhenNoReplicaIsLeftForRemainingTraffic() {
        SloPrediction prediction =
                model.predict(overProvisionedCheckout(), new Deployment(M6I_2XLARGE, 0, 1.0));

        assertThat(prediction.holds()).isFalse();
        assertThat(prediction.breaches()).first().asString().startsWith("no replica left");
    }
}

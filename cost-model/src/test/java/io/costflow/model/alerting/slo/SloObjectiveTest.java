package io.costflow.model.alerting.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.costflow.model.alerting.BurnRateSettings;
import io.costflow.schemas.AlertSeverity;
import io.costflow.schemas.CostStatus;
import io.costflow.schemas.Decimals;
import io.costflow.schemas.LatencyHistogram;
import io.costflow.schemas.ServiceConfig;
import io.costflow.schemas.ServiceCostWindow;
import io.costflow.schemas.SloKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SloObjectiveTest {

    private static final Instant BEGINNING = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant THREE_DAYS_LATER = BEGINNING.plus(Duration.ofDays(3));
    private static final Instant ONE_HOUR_BEFORE = THREE_DAYS_LATER.minus(Duration.ofHours(1));
    private static final Duration HOUR = Duration.ofHours(1);

    private static final ServiceConfig CONFIG =
            ServiceConfig.newBuilder()
                    .setServiceId("checkout")
                    .setOwner("payments")
                    .setAvailabilityTarget(0.999)
                    .setLatencyThresholdMs(250)
                    .setLatencyTarget(0.99)
                    .setMonthlyBudget(null)
                    .setBudgetCurrency("USD")
                    .setInstanceType("m5.large")
                    .setReplicas(2)
                    .setVersion(1)
                    .setUpdatedAt(BEGINNING)
                    .build();

    @Test
    void shouldReadBothObjectivesWhenGivenAServiceConfig() {
        assertThat(SloObjective.of(CONFIG))
                .containsExactly(
                        new SloObjective(SloKind.AVAILABILITY, 0.999, 0),
                        new SloObjective(SloKind.LATENCY, 0.99, 250));
    }

    @Test
    void shouldPageOnLatencyWhenTheLastHourlyWindowIsSlow() {
        SloObjective latency = SloObjective.of(CONFIG).get(1);
        SloAlertEvaluator evaluator = new SloAlertEvaluator(BurnRateSettings.standard());
        SloLedger ledger = evaluator.newLedger();
        for (Instant t = BEGINNING; t.isBefore(ONE_HOUR_BEFORE); t = t.plus(HOUR)) {
            ledger.record(latency.sample(window(t, 1000, 0)));
        }
        // 200 of 1000 requests over 250 ms: 20 % slow against a 1 % budget
        ledger.record(latency.sample(window(ONE_HOUR_BEFORE, 800, 200)));

        SloAlert alert =
                evaluator
                        .evaluate(
                                "checkout",
                                latency.kind(),
                                latency.target(),
                                ledger,
                                null,
                                THREE_DAYS_LATER)
                        .alert()
                        .orElseThrow();

        assertThat(alert.kind()).isEqualTo(SloKind.LATENCY);
        assertThat(alert.severity()).isEqualTo(AlertSeverity.PAGE);
        // the five-minute window sees the whole latest hourly window
        assertThat(alert.shortWindowBurnRate()).isCloseTo(20, within(1e-9));
    }

    private static ServiceCostWindow window(Instant start, long fast, long slow) {
        return ServiceCostWindow.newBuilder()
                .setServiceId("checkout")
                .setWindowStart(start)
                .setWindowEnd(start.plus(HOUR))
                .setStatus(CostStatus.PROVISIONAL)
                .setRevision(1)
                .setCurrency("USD")
                .setBilledCost(Decimals.ZERO)
                .setEffectiveCost(Decimals.ZERO)
                .setProvisionalCost(Decimals.ZERO)
                .setRequestCount(fast + slow)
                .setErrorCount(0)
                .setLatency(
                        LatencyHistogram.newBuilder()
                                .setBucketBoundsMs(List.of(100.0, 250.0, 500.0))
                                .setBucketCounts(List.of(fast / 2, fast - fast / 2, slow, 0L))
                                .build())
                .setResourceCount(1)
                .setIdleCost(Decimals.ZERO)
                .setUpdatedAt(start)
                .build();
    }
}

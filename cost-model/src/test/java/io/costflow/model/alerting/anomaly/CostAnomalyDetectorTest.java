package io.costflow.model.alerting.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import io.costflow.model.alerting.budget.BudgetAlertEvent;
import io.costflow.model.alerting.budget.FiredAlertLedger;
import io.costflow.model.alerting.budget.WindowSpend;
import io.costflow.schemas.BudgetAlertKind;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CostAnomalyDetectorTest {

    /** A Monday 09:00 UTC; the baseline is the Mondays 09:00 before it. */
    private static final Instant BEGINNING = Instant.parse("2026-11-23T09:00:00Z");

    private static final Duration WEEK = Duration.ofDays(7);
    private static final Duration HOUR = Duration.ofHours(1);

    private final AnomalySettings settings = AnomalySettings.defaults();
    private final CostAnomalyDetector detector = new CostAnomalyDetector(settings);
    private final SeasonalBaseline baseline = new SeasonalBaseline(settings);
    private final FiredAlertLedger fired = new FiredAlertLedger();

    @Test
    void shouldStayQuietDuringWarmUpWhenFewerThanThreePriorPointsExist() {
        weeksBefore("10", "11");

        assertThat(evaluate("1000")).isEmpty();
    }

    @Test
    void shouldStayQuietWhenCostIsExactlyFiveMadsAboveTheMedian() {
        weeksBefore("10", "11", "12");

        // median 11, MAD 1: the limit is 16
        assertThat(evaluate("16")).isEmpty();
    }

    @Test
    void shouldFireWithExpectedAndActualWhenCostIsJustAboveFiveMads() {
        weeksBefore("10", "11", "12");

        BudgetAlertEvent alert = evaluate("16.01").orElseThrow();

        assertThat(alert.kind()).isEqualTo(BudgetAlertKind.ANOMALY);
        assertThat(alert.expectedCost()).isEqualByComparingTo("11");
        assertThat(alert.actualCost()).isEqualByComparingTo("16.01");
        assertThat(alert.thresholdPercent()).isEqualTo(500);
        assertThat(alert.eventTime()).isEqualTo(BEGINNING.plus(HOUR));
        assertThat(alert.alertId())
                .isEqualTo("budget/SERVICE/checkout/2026-11/ANOMALY/500/2026-11-23T09:00:00Z");
    }

    @Test
    void shouldUseTheAbsoluteFloorWhenTheHistoryIsFlat() {
        weeksBefore("10", "10", "10");

        assertThat(evaluate("10.10")).isEmpty();
        assertThat(evaluate("10.11")).isPresent();
    }

    @Test
    void shouldIgnoreAPastSpikeWhenItIsOneOfManyPoints() {
        weeksBefore("10", "11", "12", "500");

        // median 11.5, MAD 1: the limit is 16.5 despite the 500
        assertThat(evaluate("16.5")).isEmpty();
        assertThat(evaluate("17")).isPresent();
    }

    @Test
    void shouldCompareOnlyTheSameHourOfWeekWhenOtherHoursCostMore() {
        weeksBefore("10", "11", "12");
        for (int i = 1; i <= 3; i++) {
            Instant otherHour = BEGINNING.minus(WEEK.multipliedBy(i)).plus(HOUR);
            baseline.record(window(otherHour, "100", 1));
        }

        assertThat(baseline.history(BEGINNING)).hasSize(3);
        assertThat(evaluate("16.01")).isPresent();
    }

    @Test
    void shouldFireOnceWithTheSameAlertIdWhenTheWindowIsEvaluatedTwice() {
        weeksBefore("10", "11", "12");

        Optional<BudgetAlertEvent> first = evaluate("50");
        Optional<BudgetAlertEvent> second = evaluate("50");
        Optional<BudgetAlertEvent> afterRestart =
                detector.evaluate(
                        window(BEGINNING, "50", 1),
                        baseline,
                        new FiredAlertLedger(),
                        "USD",
                        null,
                        ZoneOffset.UTC);

        assertThat(first).isPresent();
        assertThat(second).isEmpty();
        assertThat(afterRestart.orElseThrow().alertId()).isEqualTo(first.orElseThrow().alertId());
        assertThat(afterRestart.orElseThrow().budget()).isEqualByComparingTo("0");
    }

    @Test
    void shouldUseTheRestatedCostWhenAPastWindowIsRestated() {
        weeksBefore("10", "11", "12");
        baseline.record(window(BEGINNING.minus(WEEK), "30", 2));

        assertThat(baseline.history(BEGINNING))
                .extracting(BigDecimal::toPlainString)
                .containsExactly("30", "11", "12");
        assertThat(baseline.size()).isEqualTo(3);
    }

    @Test
    void shouldKeepOnlyTheSeasonsItNeedsWhenHistoryAccumulates() {
        Instant start = BEGINNING.minus(WEEK.multipliedBy(20));
        for (Instant t = start; t.isBefore(BEGINNING); t = t.plus(HOUR)) {
            baseline.record(window(t, "1", 1));
        }

        assertThat(baseline.size()).isEqualTo(8 * 7 * 24 + 1);
    }

    private void weeksBefore(String... costs) {
        for (int i = 0; i < costs.length; i++) {
            baseline.record(window(BEGINNING.minus(WEEK.multipliedBy(i + 1)), costs[i], 1));
        }
    }

    private Optional<BudgetAlertEvent> evaluate(String cost) {
        return detector.evaluate(
                window(BEGINNING, cost, 1), baseline, fired, "USD", null, ZoneOffset.UTC);
    }

    private static WindowSpend window(Instant start, String cost, long revision) {
        return new WindowSpend(
                "checkout", start, start.plus(HOUR), revision, new BigDecimal(cost), false);
    }
}

package io.costflow.model.alerting.budget;

import static io.costflow.model.alerting.budget.BudgetEvaluatorTest.budget;
import static io.costflow.model.alerting.budget.BudgetEvaluatorTest.spend;
import static org.assertj.core.api.Assertions.assertThat;

import io.costflow.model.alerting.BurnRateSettings;
import io.costflow.schemas.AlertSeverity;
import io.costflow.schemas.BudgetAlertKind;
import io.costflow.schemas.CostStatus;
import io.costflow.schemas.Decimals;
import io.costflow.schemas.ServiceCostWindow;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SpendBurnRateTest {

    private static final Instant BEGINNING = Instant.parse("2026-11-10T00:00:00Z");
    private static final Instant ONE_HOUR_LATER = BEGINNING.plus(Duration.ofHours(1));
    private static final Instant TWO_HOURS_LATER = BEGINNING.plus(Duration.ofHours(2));
    private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

    /** 720 USD over November's 720 hours: one dollar an hour is a burn rate of 1. */
    private static final Budget BUDGET = budget("720", ZoneOffset.UTC);

    private final SpendBurnRate spendBurnRate =
            new SpendBurnRate(BurnRateSettings.standard().rules());
    private final SpendLedger ledger = new SpendLedger();

    @Test
    void shouldPageWhenTheLastHourSpendsJustAbovePageRate() {
        ledger.record(spend("checkout", BEGINNING, "14.41", false, 1));

        SpendBurnRate.Outcome outcome =
                spendBurnRate.evaluate(BUDGET, ledger, null, ONE_HOUR_LATER);

        BudgetAlertEvent alert = outcome.alert().orElseThrow();
        assertThat(alert.kind()).isEqualTo(BudgetAlertKind.SPEND_BURN_RATE);
        assertThat(alert.thresholdPercent()).isEqualTo(1440);
        assertThat(alert.alertId())
                .isEqualTo(
                        "budget/SERVICE/checkout/2026-11/SPEND_BURN_RATE/1440/PAGE/2026-11-10T01:00:00Z");
        assertThat(outcome.state().severity()).isEqualTo(AlertSeverity.PAGE);
    }

    @Test
    void shouldStayQuietWhenTheLastHourSpendsJustBelowPageRate() {
        ledger.record(spend("checkout", BEGINNING, "14.39", false, 1));

        assertThat(spendBurnRate.evaluate(BUDGET, ledger, null, ONE_HOUR_LATER).alert()).isEmpty();
    }

    @Test
    void shouldNotPageWhenTheHourBurnsButTheLastFiveMinutesSpentNothing() {
        for (int i = 0; i < 11; i++) {
            Instant start = BEGINNING.plus(FIVE_MINUTES.multipliedBy(i));
            ledger.record(
                    new WindowSpend(
                            "checkout",
                            start,
                            start.plus(FIVE_MINUTES),
                            1,
                            new BigDecimal("1.5"),
                            false));
        }
        Instant last = BEGINNING.plus(FIVE_MINUTES.multipliedBy(11));
        ledger.record(new WindowSpend("checkout", last, ONE_HOUR_LATER, 1, BigDecimal.ZERO, false));

        SpendBurnRate.Outcome outcome =
                spendBurnRate.evaluate(BUDGET, ledger, null, ONE_HOUR_LATER);

        assertThat(outcome.alert()).isEmpty();
        assertThat(outcome.state()).isNull();
    }

    @Test
    void shouldFireOnceAndClearTheStateWhenSpendingCalmsDown() {
        ledger.record(spend("checkout", BEGINNING, "20", false, 1));
        SpendBurnRate.Outcome fired = spendBurnRate.evaluate(BUDGET, ledger, null, ONE_HOUR_LATER);
        SpendBurnRate.Outcome repeated =
                spendBurnRate.evaluate(BUDGET, ledger, fired.state(), ONE_HOUR_LATER);
        ledger.record(spend("checkout", ONE_HOUR_LATER, "1", false, 1));
        SpendBurnRate.Outcome calm =
                spendBurnRate.evaluate(BUDGET, ledger, repeated.state(), TWO_HOURS_LATER);

        assertThat(fired.alert()).isPresent();
        assertThat(repeated.alert()).isEmpty();
        assertThat(repeated.state()).isEqualTo(fired.state());
        assertThat(calm.alert()).isEmpty();
        assertThat(calm.state()).isNull();
    }

    @Test
    void shouldCountBilledCostWhenBilledAndProvisionalCostOtherwise() {
        ServiceCostWindow.Builder w =
                ServiceCostWindow.newBuilder()
                        .setServiceId("checkout")
                        .setWindowStart(BEGINNING)
                        .setWindowEnd(ONE_HOUR_LATER)
                        .setRevision(1)
                        .setCurrency("USD")
                        .setBilledCost(Decimals.of("2"))
                        .setEffectiveCost(Decimals.of("1.8"))
                        .setProvisionalCost(Decimals.of("1.5"))
                        .setRequestCount(0)
                        .setErrorCount(0)
                        .setResourceCount(1)
                        .setIdleCost(Decimals.ZERO)
                        .setUpdatedAt(BEGINNING);

        WindowSpend provisional = WindowSpend.of(w.setStatus(CostStatus.PROVISIONAL).build());
        WindowSpend corrected = WindowSpend.of(w.setStatus(CostStatus.CORRECTED).build());

        assertThat(provisional.cost()).isEqualByComparingTo("1.5");
        assertThat(provisional.provisional()).isTrue();
        assertThat(corrected.cost()).isEqualByComparingTo("2");
        assertThat(corrected.provisional()).isFalse();
    }
}

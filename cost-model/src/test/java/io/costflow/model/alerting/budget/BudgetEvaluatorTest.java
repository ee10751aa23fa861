package io.costflow.model.alerting.budget;

import static org.assertj.core.api.Assertions.assertThat;

import io.costflow.schemas.BudgetAlert;
import io.costflow.schemas.BudgetAlertKind;
import io.costflow.schemas.BudgetScope;
import io.costflow.schemas.ServiceConfig;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class BudgetEvaluatorTest {

    private static final Instant BEGINNING = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant ONE_HOUR_LATER = BEGINNING.plus(Duration.ofHours(1));
    private static final Instant TWO_HOURS_LATER = BEGINNING.plus(Duration.ofHours(2));
    private static final Instant ONE_DAY_LATER = BEGINNING.plus(Duration.ofDays(1));
    private static final Duration HOUR = Duration.ofHours(1);
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static final BudgetSettings ACTUAL_ONLY =
            new BudgetSettings(
                    List.of(
                            new BudgetThreshold(BudgetAlertKind.ACTUAL, 50),
                            new BudgetThreshold(BudgetAlertKind.ACTUAL, 80),
                            new BudgetThreshold(BudgetAlertKind.ACTUAL, 100)),
                    Duration.ofHours(24));
    private static final BudgetSettings FORECAST_ONLY =
            new BudgetSettings(
                    List.of(new BudgetThreshold(BudgetAlertKind.FORECAST, 100)),
                    Duration.ofHours(24));

    private final SpendLedger ledger = new SpendLedger();
    private final FiredAlertLedger fired = new FiredAlertLedger();

    @Test
    void shouldFireEachActualThresholdOnceWhenSpendCrossesIt() {
        Budget budget = budget("1000", ZoneOffset.UTC);
        BudgetEvaluator evaluator = new BudgetEvaluator(ACTUAL_ONLY);

        ledger.record(spend("checkout", BEGINNING, "499.999999", false, 1));
        List<BudgetAlertEvent> justBelow =
                evaluator.evaluate(budget, ledger, fired, ONE_HOUR_LATER);
        ledger.record(spend("checkout", ONE_HOUR_LATER, "0.000001", true, 1));
        List<BudgetAlertEvent> atHalf = evaluator.evaluate(budget, ledger, fired, TWO_HOURS_LATER);
        List<BudgetAlertEvent> again = evaluator.evaluate(budget, ledger, fired, TWO_HOURS_LATER);
        ledger.record(spend("checkout", TWO_HOURS_LATER, "500", false, 1));
        List<BudgetAlertEvent> atFull =
                evaluator.evaluate(budget, ledger, fired, TWO_HOURS_LATER.plus(HOUR));

        assertThat(justBelow).isEmpty();
        assertThat(atHalf).extracting(BudgetAlertEvent::thresholdPercent).containsExactly(50);
        BudgetAlertEvent half = atHalf.get(0);
        assertThat(half.spendToDate()).isEqualByComparingTo("500");
        assertThat(half.provisionalSpend()).isEqualByComparingTo("0.000001");
        assertThat(half.period()).isEqualTo(YearMonth.of(2026, 11));
        assertThat(half.alertId()).isEqualTo("budget/SERVICE/checkout/2026-11/ACTUAL/50");
        assertThat(again).isEmpty();
        assertThat(atFull).extracting(BudgetAlertEvent::thresholdPercent).containsExactly(80, 100);
    }

    @Test
    void shouldAlertTheEndedMonthWhenItsLateBillingCrossesAThreshold() {
        Budget budget = budget("1000", ZoneOffset.UTC);
        BudgetEvaluator evaluator =
                new BudgetEvaluator(
                        new BudgetSettings(
                                List.of(
                                        new BudgetThreshold(BudgetAlertKind.ACTUAL, 100),
                                        new BudgetThreshold(BudgetAlertKind.FORECAST, 100)),
                                Duration.ofHours(24)));
        Instant lastHour = Instant.parse("2026-11-30T23:00:00Z");
        Instant december = Instant.parse("2026-12-01T01:00:00Z");
        ledger.record(spend("checkout", BEGINNING, "600", false, 1));
        ledger.record(spend("checkout", lastHour, "390", false, 1));
        assertThat(evaluator.evaluate(budget, ledger, fired, lastHour.plus(HOUR).minusMillis(1)))
                .as("990 of 1000 when November ends")
                .isEmpty();

        // December has begun when the last hour of November is billed higher.
        ledger.record(spend("checkout", lastHour, "410", false, 2));
        Instant windowLast = lastHour.plus(HOUR).minusMillis(1);

        assertThat(evaluator.evaluateEndedMonth(budget, ledger, fired, windowLast, december))
                .singleElement()
                .satisfies(
                        a -> {
                            assertThat(a.alertId())
                                    .isEqualTo("budget/SERVICE/checkout/2026-11/ACTUAL/100");
                            assertThat(a.spendToDate()).isEqualByComparingTo("1010");
                        });
        assertThat(evaluator.evaluateEndedMonth(budget, ledger, fired, windowLast, december))
                .as("once")
                .isEmpty();
        assertThat(
                        evaluator.evaluateEndedMonth(
                                budget, ledger, new FiredAlertLedger(), windowLast, windowLast))
                .as("a month not yet ended is evaluate's")
                .isEmpty();
    }

    @Test
    void shouldAlertTheMonthAWindowStartsInWhenItSpansMidnightInAHalfHourZone() {
        // 18:00–19:00 UTC is 23:30–00:30 in Kolkata: it starts in November, ends in December.
        Budget budget = budget("1000", ZoneId.of("Asia/Kolkata"));
        BudgetEvaluator evaluator = new BudgetEvaluator(ACTUAL_ONLY);
        Instant spanning = Instant.parse("2026-11-30T18:00:00Z");
        ledger.record(spend("checkout", spanning.minus(HOUR), "600", false, 1));
        assertThat(evaluator.evaluateAfterWindow(budget, ledger, fired, spanning, spanning))
                .extracting(BudgetAlertEvent::alertId)
                .containsExactly("budget/SERVICE/checkout/2026-11/ACTUAL/50");

        ledger.record(spend("checkout", spanning, "450", false, 1));
        Instant end = spanning.plus(HOUR);

        assertThat(evaluator.evaluateAfterWindow(budget, ledger, fired, end, end.minusMillis(1)))
                .extracting(BudgetAlertEvent::alertId, a -> a.spendToDate().toPlainString())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "budget/SERVICE/checkout/2026-11/ACTUAL/80", "1050"),
                        org.assertj.core.groups.Tuple.tuple(
                                "budget/SERVICE/checkout/2026-11/ACTUAL/100", "1050"));
    }

    @Test
    void shouldFireTheSameAlertIdWhenAFreshLedgerReplaysTheEvaluation() {
        Budget budget = budget("1000", ZoneOffset.UTC);
        BudgetEvaluator evaluator = new BudgetEvaluator(ACTUAL_ONLY);
        ledger.record(spend("checkout", BEGINNING, "600", false, 1));

        BudgetAlertEvent first = evaluator.evaluate(budget, ledger, fired, ONE_HOUR_LATER).get(0);
        BudgetAlertEvent replayed =
                evaluator.evaluate(budget, ledger, new FiredAlertLedger(), ONE_HOUR_LATER).get(0);

        assertThat(replayed.alertId()).isEqualTo(first.alertId());
    }

    @Test
    void shouldForecastJustUnderTheBudgetWhenTheRunRateIsJustBelowIt() {
        Budget budget = budget("720", ZoneOffset.UTC);
        hourly("0.99", BEGINNING, ONE_DAY_LATER);

        List<BudgetAlertEvent> alerts =
                new BudgetEvaluator(FORECAST_ONLY).evaluate(budget, ledger, fired, ONE_DAY_LATER);

        assertThat(alerts).isEmpty();
        assertThat(
                        new BudgetEvaluator(FORECAST_ONLY)
                                .spend(budget, ledger, ONE_DAY_LATER)
                                .forecast())
                .isEqualByComparingTo("712.8");
    }

    @Test
    void shouldFireForecastWhenMonthToDatePlusRunRateCrossesTheBudget() {
        Budget budget = budget("720", ZoneOffset.UTC);
        hourly("1.01", BEGINNING, ONE_DAY_LATER);

        List<BudgetAlertEvent> alerts =
                new BudgetEvaluator(FORECAST_ONLY).evaluate(budget, ledger, fired, ONE_DAY_LATER);

        BudgetAlertEvent forecast = alerts.get(0);
        assertThat(forecast.kind()).isEqualTo(BudgetAlertKind.FORECAST);
        assertThat(forecast.spendToDate()).isEqualByComparingTo("24.24");
        // 24.24 + 1.01/h × 696 h left in November
        assertThat(forecast.forecast()).isEqualByComparingTo("727.2");
    }

    @Test
    void shouldReplaceTheContributionWhenAWindowIsRestated() {
        Budget budget = budget("1000", ZoneOffset.UTC);
        BudgetEvaluator evaluator = new BudgetEvaluator(ACTUAL_ONLY);
        ledger.record(spend("checkout", BEGINNING, "400", true, 1));
        ledger.record(spend("checkout", BEGINNING, "300", false, 2));
        ledger.record(spend("checkout", BEGINNING, "999", true, 1));

        BudgetEvaluator.Spend spend = evaluator.spend(budget, ledger, ONE_HOUR_LATER);

        assertThat(spend.toDate()).isEqualByComparingTo("300");
        assertThat(spend.provisional()).isEqualByComparingTo("0");
        assertThat(evaluator.evaluate(budget, ledger, fired, ONE_HOUR_LATER)).isEmpty();
    }

    @Test
    void shouldAddEveryServiceWhenTheScopeIsAnOwner() {
        Budget team =
                new Budget(
                        BudgetScope.OWNER,
                        "payments",
                        new BigDecimal("100"),
                        "USD",
                        ZoneOffset.UTC);
        ledger.record(spend("checkout", BEGINNING, "30", false, 1));
        ledger.record(spend("ledger", BEGINNING, "25", true, 1));

        List<BudgetAlertEvent> alerts =
                new BudgetEvaluator(ACTUAL_ONLY).evaluate(team, ledger, fired, ONE_HOUR_LATER);

        assertThat(alerts)
                .singleElement()
                .satisfies(
                        a -> {
                            assertThat(a.alertId())
                                    .isEqualTo("budget/OWNER/payments/2026-11/ACTUAL/50");
                            assertThat(a.spendToDate()).isEqualByComparingTo("55");
                            assertThat(a.provisionalSpend()).isEqualByComparingTo("25");
                        });
    }

    @Test
    void shouldResetMonthToDateAtMidnightInBerlinWhenTheBudgetIsInBerlin() {
        Instant lastBerlinHourOfNovember = Instant.parse("2026-11-30T22:00:00Z");
        Instant berlinDecember = Instant.parse("2026-11-30T23:00:00Z");
        ledger.record(spend("checkout", lastBerlinHourOfNovember, "600", false, 1));
        ledger.record(spend("checkout", berlinDecember, "10", false, 1));
        BudgetEvaluator evaluator = new BudgetEvaluator(ACTUAL_ONLY);
        Budget berlin = budget("1000", BERLIN);

        List<BudgetAlertEvent> november =
                evaluator.evaluate(berlin, ledger, fired, berlinDecember.minusMillis(1));
        BudgetEvaluator.Spend december = evaluator.spend(berlin, ledger, berlinDecember.plus(HOUR));
        BudgetEvaluator.Spend utcNovember =
                evaluator.spend(budget("1000", ZoneOffset.UTC), ledger, berlinDecember);

        assertThat(november)
                .extracting(BudgetAlertEvent::period)
                .containsExactly(YearMonth.of(2026, 11));
        assertThat(december.toDate()).isEqualByComparingTo("10");
        assertThat(evaluator.evaluate(berlin, ledger, fired, berlinDecember.plus(HOUR))).isEmpty();
        assertThat(utcNovember.toDate()).isEqualByComparingTo("610");
    }

    @Test
    void shouldStartBerlinMonthsAtElevenPmUtcWhenItIsWinter() {
        BudgetMonth december = BudgetMonth.of(Instant.parse("2026-12-15T12:00:00Z"), BERLIN);
        BudgetMonth october = BudgetMonth.of(Instant.parse("2026-10-15T12:00:00Z"), BERLIN);

        assertThat(december.start()).isEqualTo(Instant.parse("2026-11-30T23:00:00Z"));
        assertThat(december.end()).isEqualTo(Instant.parse("2026-12-31T23:00:00Z"));
        assertThat(october.start()).isEqualTo(Instant.parse("2026-09-30T22:00:00Z"));
        assertThat(october.length()).isEqualTo(Duration.ofDays(31).plusHours(1));
    }

    @Test
    void shouldFireAgainInTheNextPeriodAndForgetThePreviousOne() {
        BudgetEvaluator evaluator = new BudgetEvaluator(ACTUAL_ONLY);
        Budget budget = budget("100", ZoneOffset.UTC);
        Instant december = Instant.parse("2026-12-01T00:00:00Z");
        ledger.record(spend("checkout", BEGINNING, "60", false, 1));
        ledger.record(spend("checkout", december, "60", false, 1));

        List<BudgetAlertEvent> inNovember =
                evaluator.evaluate(budget, ledger, fired, ONE_HOUR_LATER);
        List<BudgetAlertEvent> inDecember =
                evaluator.evaluate(budget, ledger, fired, december.plus(HOUR));
        fired.forgetBefore(YearMonth.of(2026, 12));

        assertThat(inNovember)
                .extracting(BudgetAlertEvent::alertId)
                .containsExactly("budget/SERVICE/checkout/2026-11/ACTUAL/50");
        assertThat(inDecember)
                .extracting(BudgetAlertEvent::alertId)
                .containsExactly("budget/SERVICE/checkout/2026-12/ACTUAL/50");
        assertThat(fired.size()).isOne();
    }

    @Test
    void shouldKeepOnlyTheMonthAndTheRunRateWindowWhenEvicting() {
        BudgetEvaluator evaluator = new BudgetEvaluator(BudgetSettings.defaults());
        Budget budget = budget("100", ZoneOffset.UTC);
        hourly("1", BEGINNING.minus(Duration.ofDays(3)), ONE_HOUR_LATER);

        ledger.evictEndingBefore(evaluator.oldestNeeded(budget, ONE_HOUR_LATER));

        assertThat(ledger.size()).isEqualTo(24);
    }

    @Test
    void shouldTakeAmountAndZoneFromTheServiceConfigWhenItHasABudget() {
        ServiceConfig.Builder config =
                ServiceConfig.newBuilder()
                        .setServiceId("checkout")
                        .setOwner("payments")
                        .setAvailabilityTarget(0.999)
                        .setLatencyThresholdMs(250)
                        .setLatencyTarget(0.99)
                        .setBudgetCurrency("EUR")
                        .setBudgetTimeZone("Europe/Berlin")
                        .setInstanceType("m5.large")
                        .setReplicas(2)
                        .setVersion(1)
                        .setUpdatedAt(BEGINNING);

        assertThat(Budget.forService(config.setMonthlyBudget(null).build())).isEmpty();
        assertThat(Budget.forService(config.setMonthlyBudget(new BigDecimal("1000")).build()))
                .contains(
                        new Budget(
                                BudgetScope.SERVICE,
                                "checkout",
                                new BigDecimal("1000"),
                                "EUR",
                                BERLIN));
    }

    @Test
    void shouldDefaultToFiftyEightyHundredActualAndHundredForecast() {
        assertThat(BudgetSettings.defaults().thresholds())
                .containsExactly(
                        new BudgetThreshold(BudgetAlertKind.ACTUAL, 50),
                        new BudgetThreshold(BudgetAlertKind.ACTUAL, 80),
                        new BudgetThreshold(BudgetAlertKind.ACTUAL, 100),
                        new BudgetThreshold(BudgetAlertKind.FORECAST, 100));
    }

    @Test
    void shouldMapEveryFieldAtContractScaleWhenConvertedToAvro() {
        Budget budget = budget("720", ZoneOffset.UTC);
        hourly("1.01", BEGINNING, ONE_DAY_LATER);
        BudgetAlertEvent event =
                new BudgetEvaluator(FORECAST_ONLY)
                        .evaluate(budget, ledger, fired, ONE_DAY_LATER)
                        .get(0);

        BudgetAlert avro = BudgetAlertMapper.toAvro(event, ONE_DAY_LATER.plusSeconds(1));

        assertThat(avro.getPeriod()).isEqualTo("2026-11");
        assertThat(avro.getScope()).isEqualTo(BudgetScope.SERVICE);
        assertThat(avro.getKind()).isEqualTo(BudgetAlertKind.FORECAST);
        assertThat(avro.getBudget()).isEqualTo(new BigDecimal("720.000000000000"));
        assertThat(avro.getForecast()).isEqualTo(new BigDecimal("727.200000000000"));
        assertThat(avro.getExpectedCost()).isNull();
        assertThat(avro.getMessage()).contains("forecast 727.2", "100%");
        assertThat(avro.getEmittedAt()).isEqualTo(ONE_DAY_LATER.plusSeconds(1));
    }

    private void hourly(String cost, Instant from, Instant to) {
        for (Instant t = from; t.isBefore(to); t = t.plus(HOUR)) {
            ledger.record(spend("checkout", t, cost, false, 1));
        }
    }

    static Budget budget(String amount, ZoneId zone) {
        return new Budget(BudgetScope.SERVICE, "checkout", new BigDecimal(amount), "USD", zone);
    }

    static WindowSpend spend(
            String service, Instant start, String cost, boolean provisional, long revision) {
        return new WindowSpend(
                service, start, start.plus(HOUR), revision, new BigDecimal(cost), provisional);
    }
}

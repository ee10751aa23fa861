package io.costflow.model.alerting.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.costflow.model.alerting.BurnRateSettings;
import io.costflow.model.alerting.FiringEpisode;
import io.costflow.schemas.AlertSeverity;
import io.costflow.schemas.AlertState;
import io.costflow.schemas.SlaAlert;
import io.costflow.schemas.SloKind;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SloAlertEvaluatorTest {

    private static final Instant BEGINNING = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant THREE_DAYS_LATER = BEGINNING.plus(Duration.ofDays(3));
    private static final Instant ONE_HOUR_BEFORE = THREE_DAYS_LATER.minus(Duration.ofHours(1));
    private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);
    private static final double TARGET = 0.999;

    /** Requests per five minutes; one bad request in it is a burn of 0.01×. */
    private static final long TRAFFIC = 100_000;

    private final SloAlertEvaluator evaluator = new SloAlertEvaluator(BurnRateSettings.standard());
    private final SloLedger ledger = evaluator.newLedger();

    @Test
    void shouldPageWhenBothWindowsBurnJustAbovePageRate() {
        cleanUntil(ONE_HOUR_BEFORE);
        burn(ONE_HOUR_BEFORE, THREE_DAYS_LATER, 1441);

        SloAlertEvaluator.Outcome outcome = evaluate(null, THREE_DAYS_LATER);

        SloAlert alert = outcome.alert().orElseThrow();
        assertThat(alert.state()).isEqualTo(AlertState.FIRING);
        assertThat(alert.severity()).isEqualTo(AlertSeverity.PAGE);
        assertThat(alert.longWindow()).isEqualTo(Duration.ofHours(1));
        assertThat(alert.shortWindow()).isEqualTo(FIVE_MINUTES);
        assertThat(alert.longWindowBurnRate()).isCloseTo(14.41, within(1e-9));
        assertThat(alert.shortWindowBurnRate()).isCloseTo(14.41, within(1e-9));
        assertThat(outcome.state())
                .isEqualTo(new FiringEpisode(AlertSeverity.PAGE, THREE_DAYS_LATER));
    }

    @Test
    void shouldStayQuietWhenBothWindowsBurnJustBelowPageRate() {
        cleanUntil(ONE_HOUR_BEFORE);
        burn(ONE_HOUR_BEFORE, THREE_DAYS_LATER, 1439);

        assertThat(evaluate(null, THREE_DAYS_LATER).alert()).isEmpty();
    }

    @Test
    void shouldNotPageWhenLongWindowBurnsButShortWindowHasRecovered() {
        cleanUntil(ONE_HOUR_BEFORE);
        Instant fiveMinutesBefore = THREE_DAYS_LATER.minus(FIVE_MINUTES);
        burn(ONE_HOUR_BEFORE, fiveMinutesBefore, 1600);
        burn(fiveMinutesBefore, THREE_DAYS_LATER, 0);

        assertThat(ledger.burnRate(TARGET, ONE_HOUR_BEFORE, THREE_DAYS_LATER)).isGreaterThan(14.4);
        assertThat(evaluate(null, THREE_DAYS_LATER).alert()).isEmpty();
    }

    @Test
    void shouldPageAtSixTimesWhenSixHoursAndThirtyMinutesBurn() {
        Instant sixHoursBefore = THREE_DAYS_LATER.minus(Duration.ofHours(6));
        cleanUntil(sixHoursBefore);
        burn(sixHoursBefore, THREE_DAYS_LATER, 601);

        SloAlert alert = evaluate(null, THREE_DAYS_LATER).alert().orElseThrow();

        assertThat(alert.severity()).isEqualTo(AlertSeverity.PAGE);
        assertThat(alert.longWindow()).isEqualTo(Duration.ofHours(6));
    }

    @Test
    void shouldOpenTicketWhenThreeDaysBurnJustAboveTheBudgetRate() {
        burn(BEGINNING, THREE_DAYS_LATER, 101);

        SloAlert alert = evaluate(null, THREE_DAYS_LATER).alert().orElseThrow();

        assertThat(alert.severity()).isEqualTo(AlertSeverity.TICKET);
        assertThat(alert.longWindow()).isEqualTo(Duration.ofDays(3));
    }

    @Test
    void shouldStayQuietWhenThreeDaysBurnJustBelowTheBudgetRate() {
        burn(BEGINNING, THREE_DAYS_LATER, 99);

        assertThat(evaluate(null, THREE_DAYS_LATER).alert()).isEmpty();
    }

    @Test
    void shouldFireOnceAndResolveOnceWhenTheBurnStops() {
        cleanUntil(ONE_HOUR_BEFORE);
        burn(ONE_HOUR_BEFORE, THREE_DAYS_LATER, 2000);

        SloAlertEvaluator.Outcome fired = evaluate(null, THREE_DAYS_LATER);
        Instant fiveMinutesLater = THREE_DAYS_LATER.plus(FIVE_MINUTES);
        burn(THREE_DAYS_LATER, fiveMinutesLater, 2000);
        SloAlertEvaluator.Outcome stillBurning = evaluate(fired.state(), fiveMinutesLater);
        Instant tenMinutesLater = fiveMinutesLater.plus(FIVE_MINUTES);
        burn(fiveMinutesLater, tenMinutesLater, 0);
        SloAlertEvaluator.Outcome resolved = evaluate(stillBurning.state(), tenMinutesLater);
        Instant fifteenMinutesLater = tenMinutesLater.plus(FIVE_MINUTES);
        burn(tenMinutesLater, fifteenMinutesLater, 0);
        SloAlertEvaluator.Outcome afterwards = evaluate(resolved.state(), fifteenMinutesLater);

        assertThat(fired.alert()).map(SloAlert::state).contains(AlertState.FIRING);
        assertThat(stillBurning.alert()).isEmpty();
        SloAlert end = resolved.alert().orElseThrow();
        assertThat(end.state()).isEqualTo(AlertState.RESOLVED);
        assertThat(end.severity()).isEqualTo(AlertSeverity.PAGE);
        assertThat(end.shortWindowBurnRate()).isZero();
        assertThat(end.eventTime()).isEqualTo(tenMinutesLater);
        assertThat(resolved.state()).isNull();
        assertThat(afterwards.alert()).isEmpty();
    }

    @Test
    void shouldEscalateFromTicketToPageWithinTheSameEpisode() {
        burn(BEGINNING, ONE_HOUR_BEFORE, 150);
        SloAlertEvaluator.Outcome ticket = evaluate(null, ONE_HOUR_BEFORE);
        burn(ONE_HOUR_BEFORE, THREE_DAYS_LATER, 2000);

        SloAlertEvaluator.Outcome page = evaluate(ticket.state(), THREE_DAYS_LATER);

        assertThat(ticket.alert()).map(SloAlert::severity).contains(AlertSeverity.TICKET);
        SloAlert alert = page.alert().orElseThrow();
        assertThat(alert.severity()).isEqualTo(AlertSeverity.PAGE);
        assertThat(page.state().since()).isEqualTo(ONE_HOUR_BEFORE);
        assertThat(alert.alertId()).isNotEqualTo(ticket.alert().orElseThrow().alertId());
    }

    @Test
    void shouldKeepTheAlertIdWhenTheSameEvaluationIsRepeatedAfterARestart() {
        cleanUntil(ONE_HOUR_BEFORE);
        burn(ONE_HOUR_BEFORE, THREE_DAYS_LATER, 2000);

        SloAlert first = evaluate(null, THREE_DAYS_LATER).alert().orElseThrow();
        SloAlert repeated =
                new SloAlertEvaluator(BurnRateSettings.standard())
                        .evaluate(
                                "checkout",
                                SloKind.AVAILABILITY,
                                TARGET,
                                ledger,
                                null,
                                THREE_DAYS_LATER)
                        .alert()
                        .orElseThrow();

        assertThat(repeated.alertId()).isEqualTo(first.alertId());
        assertThat(first.alertId())
                .isEqualTo("sla/checkout/AVAILABILITY/PAGE/2026-11-04T00:00:00Z/FIRING");
    }

    @Test
    void shouldReportHalfTheErrorBudgetLeftWhenHalfIsSpent() {
        burn(BEGINNING, THREE_DAYS_LATER, 50);

        assertThat(evaluator.errorBudgetRemaining(ledger, TARGET, THREE_DAYS_LATER))
                .isCloseTo(0.5, within(1e-9));
    }

    @Test
    void shouldReportANegativeErrorBudgetWhenItIsOverspent() {
        burn(BEGINNING, THREE_DAYS_LATER, 200);

        assertThat(evaluator.errorBudgetRemaining(ledger, TARGET, THREE_DAYS_LATER))
                .isCloseTo(-1.0, within(1e-9));
    }

    @Test
    void shouldReplaceASampleWhenItsWindowIsRestated() {
        ledger.record(sample(BEGINNING, 1, 100));
        ledger.record(sample(BEGINNING, 2, 0));
        ledger.record(sample(BEGINNING, 1, 100));

        assertThat(ledger.size()).isOne();
        assertThat(ledger.burnRate(TARGET, BEGINNING, BEGINNING.plus(FIVE_MINUTES))).isZero();
    }

    @Test
    void shouldKeepOnlyTheBudgetPeriodWhenSamplesAccumulate() {
        Instant fortyDaysLater = BEGINNING.plus(Duration.ofDays(40));
        for (Instant t = BEGINNING; t.isBefore(fortyDaysLater); t = t.plus(Duration.ofHours(1))) {
            ledger.record(new SloSample(t, t.plus(Duration.ofHours(1)), 1, TRAFFIC, TRAFFIC));
        }

        assertThat(ledger.size()).isEqualTo(30 * 24);
    }

    @Test
    void shouldScaleEveryWindowWhenSettingsAreScaled() {
        BurnRateSettings scaled = BurnRateSettings.standard().scaledBy(1.0 / 360);

        assertThat(scaled.budgetPeriod()).isEqualTo(Duration.ofHours(2));
        assertThat(scaled.rules().get(0).longWindow()).isEqualTo(Duration.ofSeconds(10));
        assertThat(scaled.rules().get(2).longWindow()).isEqualTo(Duration.ofMinutes(12));
        assertThat(scaled.lookback()).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void shouldMapEveryFieldWhenConvertedToAvro() {
        cleanUntil(ONE_HOUR_BEFORE);
        burn(ONE_HOUR_BEFORE, THREE_DAYS_LATER, 2000);
        SloAlert alert = evaluate(null, THREE_DAYS_LATER).alert().orElseThrow();

        SlaAlert avro = SlaAlertMapper.toAvro(alert, THREE_DAYS_LATER.plusSeconds(1));

        assertThat(avro.getAlertId()).isEqualTo(alert.alertId());
        assertThat(avro.getSloKind()).isEqualTo(SloKind.AVAILABILITY);
        assertThat(avro.getLongWindowSeconds()).isEqualTo(3600);
        assertThat(avro.getShortWindowSeconds()).isEqualTo(300);
        assertThat(avro.getLongWindowBurnRate()).isCloseTo(20.0, within(1e-9));
        assertThat(avro.getErrorBudgetRemaining()).isEqualTo(alert.errorBudgetRemaining());
        assertThat(avro.getEventTime()).isEqualTo(THREE_DAYS_LATER);
        assertThat(avro.getEmittedAt()).isEqualTo(THREE_DAYS_LATER.plusSeconds(1));
    }

    private SloAlertEvaluator.Outcome evaluate(FiringEpisode state, Instant at) {
        return evaluator.evaluate("checkout", SloKind.AVAILABILITY, TARGET, ledger, state, at);
    }

    private void cleanUntil(Instant end) {
        burn(BEGINNING, end, 0);
    }

    /** Five-minute samples over {@code [from, to)} with {@code bad} of {@link #TRAFFIC} failing. */
    private void burn(Instant from, Instant to, long bad) {
        for (Instant t = from; t.isBefore(to); t = t.plus(FIVE_MINUTES)) {
            ledger.record(sample(t, 1, bad));
        }
    }

    private static SloSample sample(Instant start, long revision, long bad) {
        return new SloSample(start, start.plus(FIVE_MINUTES), revision, TRAFFIC - bad, TRAFFIC);
    }
}

package io.costflow.model.alerting.budget;

import io.costflow.schemas.BudgetAlertKind;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Month-to-date budget thresholds. Spend to date is every window starting in the budget month (in
 * the budget's zone); the forecast adds the trailing run rate times the time left in the month.
 * Each threshold fires once per period, remembered in a {@link FiredAlertLedger}.
 */
public final class BudgetEvaluator {

    private static final int RATE_SCALE = 18;
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private final BudgetSettings settings;

    public BudgetEvaluator(BudgetSettings settings) {
        this.settings = settings;
    }

    /** Month-to-date spend, the provisional part of it, and the month-end forecast. */
    public record Spend(BigDecimal toDate, BigDecimal provisional, BigDecimal forecast) {}

    public Spend spend(Budget budget, SpendLedger ledger, Instant at) {
        BudgetMonth month = BudgetMonth.of(at, budget.zone());
        SpendLedger.MonthToDate toDate = ledger.monthToDate(month);
        SpendLedger.Trailing trailing = ledger.trailing(at.minus(settings.runRateWindow()), at);
        long leftMillis = Math.max(0, Duration.between(at, month.end()).toMillis());
        BigDecimal forecast =
                toDate.spend()
                        .add(
                                trailing.spend()
                                        .multiply(BigDecimal.valueOf(leftMillis))
                                        .divide(
                                                BigDecimal.valueOf(trailing.covered().toMillis()),
                                                RATE_SCALE,
                                                RoundingMode.HALF_EVEN));
        return new Spend(toDate.spend(), toDate.provisional(), forecast);
    }

    /** Alerts for thresholds reached at {@code at} that have not fired in this period yet. */
    public List<BudgetAlertEvent> evaluate(
            Budget budget, SpendLedger ledger, FiredAlertLedger fired, Instant at) {
        return evaluate(budget, ledger, fired, at, true);
    }

    /**
     * Actual-spend alerts of the month of {@code windowLast}, a revised window's last instant, if
     * that month ended before {@code now}: billing that arrives after a month's end still raises
     * that month's spend, and an alert it crosses belongs to that month. Evaluated at the month's
     * last instant, against the actual thresholds only: an ended month has no forecast. Nothing
     * when the window lies in the month of {@code now}, which {@link #evaluate} covers.
     */
    public List<BudgetAlertEvent> evaluateEndedMonth(
            Budget budget,
            SpendLedger ledger,
            FiredAlertLedger fired,
            Instant windowLast,
            Instant now) {
        BudgetMonth month = BudgetMonth.of(windowLast, budget.zone());
        if (month.end().isAfter(now)) {
            return List.of();
        }
        return evaluate(budget, ledger, fired, month.end().minusMillis(1), false);
    }

    /**
     * What a window ending at {@code windowEnd}, new or revised, can fire when evaluated at {@code
     * at}: first its own month's actual thresholds if that month has ended ({@link
     * #evaluateEndedMonth}), then the thresholds of the month of {@code at} ({@link #evaluate}).
     *
     * <p>Its own month is the month of its last instant, and also the month it starts in when that
     * differs: in a zone offset by half an hour from hourly windows, the window that spans midnight
     * at a month's end counts in the month-to-date of the month it starts in, and is the last
     * window that month sees.
     */
    public List<BudgetAlertEvent> evaluateAfterWindow(
            Budget budget,
            SpendLedger ledger,
            FiredAlertLedger fired,
            Instant windowEnd,
            Instant at) {
        Instant windowLast = windowEnd.minusMillis(1);
        List<BudgetAlertEvent> alerts =
                new ArrayList<>(evaluateEndedMonth(budget, ledger, fired, windowLast, at));
        BudgetMonth lastMonth = BudgetMonth.of(windowLast, budget.zone());
        ledger.startOfWindowsEndingAt(windowEnd)
                .filter(start -> !BudgetMonth.of(start, budget.zone()).equals(lastMonth))
                .ifPresent(
                        start ->
                                alerts.addAll(
                                        evaluateEndedMonth(budget, ledger, fired, start, at)));
        alerts.addAll(evaluate(budget, ledger, fired, at));
        return alerts;
    }

    private List<BudgetAlertEvent> evaluate(
            Budget budget,
            SpendLedger ledger,
            FiredAlertLedger fired,
            Instant at,
            boolean withForecast) {
        BudgetMonth month = BudgetMonth.of(at, budget.zone());
        Spend spend = spend(budget, ledger, at);
        List<BudgetAlertEvent> alerts = new ArrayList<>();
        for (BudgetThreshold t : settings.thresholds()) {
            boolean forecast = t.kind() == BudgetAlertKind.FORECAST;
            if (forecast && !withForecast) {
                continue;
            }
            BigDecimal amount = forecast ? spend.forecast() : spend.toDate();
            if (amount.multiply(HUNDRED)
                            .compareTo(
                                    budget.monthlyAmount()
                                            .multiply(BigDecimal.valueOf(t.percent())))
                    < 0) {
                continue;
            }
            String id =
                    BudgetAlertEvent.alertId(
                            budget.scope(),
                            budget.scopeId(),
                            month.period(),
                            t.kind(),
                            t.percent(),
                            "");
            if (!fired.markFired(id, month.period())) {
                continue;
            }
            alerts.add(
                    new BudgetAlertEvent(
                            id,
                            budget.scope(),
                            budget.scopeId(),
                            t.kind(),
                            month.period(),
                            t.percent(),
                            budget.currency(),
                            budget.monthlyAmount(),
                            spend.toDate(),
                            spend.provisional(),
                            spend.forecast(),
                            null,
                            null,
                            message(budget, t, spend),
                            at));
        }
        return alerts;
    }

    /** The earliest window end any evaluation at {@code at} still needs. */
    public Instant oldestNeeded(Budget budget, Instant at) {
        Instant monthStart = BudgetMonth.of(at, budget.zone()).start();
        Instant runRateStart = at.minus(settings.runRateWindow());
        return monthStart.isBefore(runRateStart) ? monthStart : runRateStart;
    }

    private static String message(Budget budget, BudgetThreshold t, Spend spend) {
        String what =
                t.kind() == BudgetAlertKind.FORECAST
                        ? "forecast " + spend.forecast().stripTrailingZeros().toPlainString()
                        : "spend to date " + spend.toDate().stripTrailingZeros().toPlainString();
        return String.format(
                Locale.ROOT,
                "%s %s: %s %s reached %d%% of the budget %s (%s of it provisional)",
                budget.scope(),
                budget.scopeId(),
                what,
                budget.currency(),
                t.percent(),
                budget.monthlyAmount().stripTrailingZeros().toPlainString(),
                spend.provisional().stripTrailingZeros().toPlainString());
    }
}

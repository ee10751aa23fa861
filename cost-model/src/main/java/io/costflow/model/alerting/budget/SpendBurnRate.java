package io.costflow.model.alerting.budget;

import io.costflow.model.alerting.AlertTransitions;
import io.costflow.model.alerting.BurnRateEvaluator;
import io.costflow.model.alerting.FiringEpisode;
import io.costflow.model.alerting.MultiWindowRule;
import io.costflow.model.alerting.RuleEvaluation;
import io.costflow.schemas.AlertState;
import io.costflow.schemas.BudgetAlertKind;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Spend burn rate: the spend rate over a window divided by the budget's even rate (the monthly
 * budget ÷ the length of the month in the budget's zone), under the same multi-window rules and
 * {@link AlertTransitions} as the SLO alerts. {@code BudgetAlert} has no state field, so only
 * FIRING transitions become alerts; RESOLVED only clears the state.
 */
public final class SpendBurnRate {

    private final List<MultiWindowRule> rules;

    public SpendBurnRate(List<MultiWindowRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** The next state ({@code null} when nothing fires) and the alert to emit, if any. */
    public record Outcome(FiringEpisode state, Optional<BudgetAlertEvent> alert) {}

    public Outcome evaluate(Budget budget, SpendLedger ledger, FiringEpisode current, Instant at) {
        BudgetMonth month = BudgetMonth.of(at, budget.zone());
        List<RuleEvaluation> evaluations =
                BurnRateEvaluator.evaluate(
                        rules, (from, to) -> burnRate(budget, month, ledger, from, to), at);
        AlertTransitions.Step step = AlertTransitions.next(current, evaluations, at);
        Optional<BudgetAlertEvent> alert =
                step.transition()
                        .filter(t -> t.state() == AlertState.FIRING)
                        .map(t -> alert(budget, month, ledger, t, at));
        return new Outcome(step.state(), alert);
    }

    /** The longest window of the rules: how much spend history an evaluation needs. */
    public Duration lookback() {
        return rules.stream()
                .map(MultiWindowRule::longWindow)
                .max(Duration::compareTo)
                .orElse(Duration.ZERO);
    }

    private static double burnRate(
            Budget budget, BudgetMonth month, SpendLedger ledger, Instant from, Instant to) {
        SpendLedger.Trailing trailing = ledger.trailing(from, to);
        BigDecimal spendTimesMonth =
                trailing.spend().multiply(BigDecimal.valueOf(month.length().toMillis()));
        BigDecimal budgetTimesCovered =
                budget.monthlyAmount().multiply(BigDecimal.valueOf(trailing.covered().toMillis()));
        return spendTimesMonth.divide(budgetTimesCovered, MathContext.DECIMAL64).doubleValue();
    }

    private static BudgetAlertEvent alert(
            Budget budget,
            BudgetMonth month,
            SpendLedger ledger,
            AlertTransitions.Transition t,
            Instant at) {
        SpendLedger.MonthToDate toDate = ledger.monthToDate(month);
        int percent = (int) Math.round(t.evidence().rule().burnRate() * 100);
        String id =
                BudgetAlertEvent.alertId(
                        budget.scope(),
                        budget.scopeId(),
                        month.period(),
                        BudgetAlertKind.SPEND_BURN_RATE,
                        percent,
                        t.severity() + "/" + t.episodeStart());
        return new BudgetAlertEvent(
                id,
                budget.scope(),
                budget.scopeId(),
                BudgetAlertKind.SPEND_BURN_RATE,
                month.period(),
                percent,
                budget.currency(),
                budget.monthlyAmount(),
                toDate.spend(),
                toDate.provisional(),
                null,
                null,
                null,
                String.format(
                        Locale.ROOT,
                        "%s %s: spending at %.2f× (%s) and %.2f× (%s) the budget's rate, %s",
                        budget.scope(),
                        budget.scopeId(),
                        t.evidence().longBurnRate(),
                        t.evidence().rule().longWindow(),
                        t.evidence().shortBurnRate(),
                        t.evidence().rule().shortWindow(),
                        t.severity()),
                at);
    }
}

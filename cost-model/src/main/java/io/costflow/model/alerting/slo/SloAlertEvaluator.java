package io.costflow.model.alerting.slo;

import io.costflow.model.alerting.AlertTransitions;
import io.costflow.model.alerting.BurnRateEvaluator;
import io.costflow.model.alerting.BurnRateSettings;
import io.costflow.model.alerting.FiringEpisode;
import io.costflow.model.alerting.RuleEvaluation;
import io.costflow.schemas.SloKind;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Evaluates one SLO of one service at a point in time: the burn-rate rules over its {@link
 * SloLedger}, the FIRING/RESOLVED transition, and the error budget left in the budget period.
 */
public final class SloAlertEvaluator {

    private final BurnRateSettings settings;

    public SloAlertEvaluator(BurnRateSettings settings) {
        this.settings = settings;
    }

    /** The next state ({@code null} when nothing fires) and the alert to emit, if any. */
    public record Outcome(FiringEpisode state, Optional<SloAlert> alert) {}

    /** A ledger that keeps exactly what these settings need. */
    public SloLedger newLedger() {
        return new SloLedger(settings.lookback());
    }

    public Outcome evaluate(
            String serviceId,
            SloKind kind,
            double target,
            SloLedger ledger,
            FiringEpisode current,
            Instant at) {
        List<RuleEvaluation> evaluations =
                BurnRateEvaluator.evaluate(
                        settings.rules(), (from, to) -> ledger.burnRate(target, from, to), at);
        AlertTransitions.Step step = AlertTransitions.next(current, evaluations, at);
        Optional<SloAlert> alert =
                step.transition()
                        .map(
                                t ->
                                        new SloAlert(
                                                SloAlert.alertId(
                                                        serviceId,
                                                        kind,
                                                        t.severity(),
                                                        t.episodeStart(),
                                                        t.state()),
                                                serviceId,
                                                kind,
                                                t.state(),
                                                t.severity(),
                                                t.evidence().rule().longWindow(),
                                                t.evidence().rule().shortWindow(),
                                                t.evidence().longBurnRate(),
                                                t.evidence().shortBurnRate(),
                                                errorBudgetRemaining(ledger, target, at),
                                                at));
        return new Outcome(step.state(), alert);
    }

    /** 1 − the share of the period's error budget consumed; negative once it is overspent. */
    public double errorBudgetRemaining(SloLedger ledger, double target, Instant at) {
        return 1 - ledger.burnRate(target, at.minus(settings.budgetPeriod()), at);
    }
}

package io.costflow.model.alerting;

import java.time.Instant;
import java.util.List;

/** Evaluates multi-window burn-rate rules at one point in time against a {@link BurnRateSource}. */
public final class BurnRateEvaluator {

    private BurnRateEvaluator() {}

    /** One evaluation per rule, in the rules' order; each window ends at {@code at} (exclusive). */
    public static List<RuleEvaluation> evaluate(
            List<MultiWindowRule> rules, BurnRateSource source, Instant at) {
        return rules.stream()
                .map(
                        r ->
                                new RuleEvaluation(
                                        r,
                                        source.burnRate(at.minus(r.longWindow()), at),
                                        source.burnRate(at.minus(r.shortWindow()), at)))
                .toList();
    }
}

package io.costflow.model.alerting;

import io.costflow.schemas.AlertSeverity;
import io.costflow.schemas.AlertState;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The FIRING/RESOLVED state machine over rule evaluations. An episode starts (FIRING) when any rule
 * holds, at the most severe holding rule's severity; it escalates (a new FIRING) when a more severe
 * rule starts to hold; it ends (RESOLVED, once) only when no rule holds. It never de-escalates, so
 * a burn that drops from page level to ticket level does not flap.
 */
public final class AlertTransitions {

    private AlertTransitions() {}

    /** A transition and the evaluation that caused it (for RESOLVED: the episode's own rule). */
    public record Transition(
            AlertState state,
            AlertSeverity severity,
            Instant episodeStart,
            Instant at,
            RuleEvaluation evidence) {}

    /**
     * The state after an evaluation ({@code null} when nothing fires) and the transition, if any.
     */
    public record Step(FiringEpisode state, Optional<Transition> transition) {}

    /**
     * Advances {@code current} (null when nothing fires) with the evaluations made at {@code at}.
     */
    public static Step next(FiringEpisode current, List<RuleEvaluation> evaluations, Instant at) {
        // AlertSeverity lists PAGE before TICKET: a lower ordinal is more severe.
        Optional<RuleEvaluation> strongest =
                evaluations.stream()
                        .filter(RuleEvaluation::holds)
                        .min(Comparator.comparing(e -> e.rule().severity()));
        if (current == null) {
            return strongest
                    .map(e -> firing(new FiringEpisode(e.rule().severity(), at), e, at))
                    .orElseGet(() -> new Step(null, Optional.empty()));
        }
        if (strongest.isEmpty()) {
            RuleEvaluation own =
                    evaluations.stream()
                            .filter(e -> e.rule().severity() == current.severity())
                            .findFirst()
                            .orElse(evaluations.get(0));
            return new Step(
                    null,
                    Optional.of(
                            new Transition(
                                    AlertState.RESOLVED,
                                    current.severity(),
                                    current.since(),
                                    at,
                                    own)));
        }
        RuleEvaluation e = strongest.get();
        if (e.rule().severity().compareTo(current.severity()) < 0) {
            return firing(new FiringEpisode(e.rule().severity(), current.since()), e, at);
        }
        return new Step(current, Optional.empty());
    }

    private static Step firing(FiringEpisode episode, RuleEvaluation e, Instant at) {
        return new Step(
                episode,
                Optional.of(
                        new Transition(
                                AlertState.FIRING, episode.severity(), episode.since(), at, e)));
    }
}

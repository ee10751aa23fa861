package io.costflow.model.advice;

import io.costflow.model.simulation.SimulationResult;
import io.costflow.schemas.RecommendationKind;

/**
 * A change an advisor considered and the SLO model turned down.
 *
 * @param reason plain language, e.g. "predicted p99 420 ms &gt; SLO 300 ms"
 */
public record RejectedCandidate(
        String serviceId, RecommendationKind kind, SimulationResult simulation, String reason) {}

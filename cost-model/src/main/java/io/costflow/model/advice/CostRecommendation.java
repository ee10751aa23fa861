package io.costflow.model.advice;

import io.costflow.model.simulation.Scenario;
import io.costflow.model.simulation.SimulationResult;
import io.costflow.schemas.RecommendationKind;

/**
 * A change that saves money and that the SLO model predicts keeps every SLO.
 *
 * @param recommendationId stable for the same service and kind, so a newer figure replaces an older
 * @param confidence 0..1, the share of the lookback's windows that had data
 * @param rationale why the advisor looked at this change, e.g. "p95 CPU 15 %"
 * @param simulation the change's figures, from the same {@code Simulator} the API uses
 */
public record CostRecommendation(
        String recommendationId,
        String serviceId,
        RecommendationKind kind,
        double confidence,
        String rationale,
        SimulationResult simulation) {

    public Scenario scenario() {
        return simulation.scenario();
    }

    /** The rationale, the simulation's figures and verdict, in plain language. */
    public String explanation() {
        return rationale + ". " + simulation.explanation();
    }
}

package io.costflow.model.advice;

import io.costflow.model.simulation.PricingModel;
import io.costflow.model.simulation.Scenario;
import io.costflow.model.simulation.SimulationResult;
import io.costflow.model.slo.ServiceProfile;
import io.costflow.schemas.Decimals;
import io.costflow.schemas.Recommendation;
import io.costflow.schemas.RecommendationKind;
import io.costflow.schemas.RecommendationState;
import java.time.Instant;

/**
 * Writes a {@link CostRecommendation} as the {@code costflow.recommendations.v1} record. Proposed
 * fields are set only where the change differs from today's deployment (on demand); the explanation
 * ends with the SLO model's assumptions, as the contract asks.
 */
public final class RecommendationRecords {

    /** The id of {@code serviceId}'s recommendation of {@code kind}: one per service and kind. */
    public static String recommendationId(String serviceId, RecommendationKind kind) {
        return Candidates.recommendationId(serviceId, kind);
    }

    private RecommendationRecords() {}

    /**
     * An OPEN recommendation; the caller keeps {@code revision} and {@code createdAt} per id.
     *
     * @param profile the profile the recommendation was made from
     */
    public static Recommendation open(
            CostRecommendation recommendation,
            ServiceProfile profile,
            long revision,
            Instant createdAt,
            Instant updatedAt) {
        SimulationResult simulation = recommendation.simulation();
        Scenario scenario = simulation.scenario();
        String current = profile.instanceType().name();
        String proposed = scenario.instanceType().name();
        return Recommendation.newBuilder()
                .setRecommendationId(recommendation.recommendationId())
                .setServiceId(recommendation.serviceId())
                .setKind(recommendation.kind())
                .setState(RecommendationState.OPEN)
                .setCurrentInstanceType(current)
                .setCurrentReplicas(profile.replicas())
                .setProposedInstanceType(proposed.equals(current) ? null : proposed)
                .setProposedReplicas(
                        scenario.replicas() == profile.replicas() ? null : scenario.replicas())
                .setProposedPricingModel(
                        scenario.pricingModel() == PricingModel.ON_DEMAND
                                ? null
                                : scenario.pricingModel().name())
                .setMonthlySavingsList(Decimals.normalize(simulation.monthlySavings().list()))
                .setMonthlySavingsEffective(
                        Decimals.normalize(simulation.monthlySavings().effective()))
                .setCurrency(profile.currency())
                .setConfidence(recommendation.confidence())
                .setPredictedUtilization(simulation.prediction().utilization())
                .setPredictedP99LatencyMs(simulation.prediction().p99LatencyMs())
                .setExplanation(
                        recommendation.explanation()
                                + " Assumptions: "
                                + String.join("; ", simulation.prediction().assumptions())
                                + ".")
                .setRevision(revision)
                .setCreatedAt(createdAt)
                .setUpdatedAt(updatedAt)
                .build();
    }
}

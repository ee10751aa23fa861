package io.costflow.pipeline.recommend;

import io.costflow.model.advice.RejectedCandidate;
import io.costflow.model.simulation.Scenario;
import io.costflow.schemas.RecommendationKind;
import java.time.Instant;

/**
 * A candidate the SLO model turned down, as the recommendation stage records it (side output and
 * PostgreSQL {@code recommendation_rejection}, one row per service and kind).
 *
 * @param kind a {@link RecommendationKind} name
 * @param reason plain language, e.g. "predicted p99 420 ms &gt; SLO 300 ms"
 */
public record RecommendationRejection(
        String serviceId,
        String kind,
        String proposedInstanceType,
        int proposedReplicas,
        String proposedPricingModel,
        double predictedUtilization,
        double predictedP99LatencyMs,
        String reason,
        Instant rejectedAt) {

    static RecommendationRejection of(RejectedCandidate rejected, Instant rejectedAt) {
        Scenario scenario = rejected.simulation().scenario();
        return new RecommendationRejection(
                rejected.serviceId(),
                rejected.kind().name(),
                scenario.instanceType().name(),
                scenario.replicas(),
                scenario.pricingModel().name(),
                rejected.simulation().prediction().utilization(),
                rejected.simulation().prediction().p99LatencyMs(),
                rejected.reason(),
                rejectedAt);
    }

    /** The same verdict, recorded at {@code at}. */
    RecommendationRejection at(Instant at) {
        return new RecommendationRejection(
                serviceId,
                kind,
                proposedInstanceType,
                proposedReplicas,
                proposedPricingModel,
                predictedUtilization,
                predictedP99LatencyMs,
                reason,
                at);
    }

    /** Whether {@code other} turns down the same change for the same reason. */
    boolean sameVerdictAs(RecommendationRejection other) {
        return other != null
                && kind.equals(other.kind)
                && proposedInstanceType.equals(other.proposedInstanceType)
                && proposedReplicas == other.proposedReplicas
                && proposedPricingModel.equals(other.proposedPricingModel)
                && reason.equals(other.reason);
    }
}

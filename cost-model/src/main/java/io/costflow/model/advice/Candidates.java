package io.costflow.model.advice;

import io.costflow.model.simulation.SimulationResult;
import io.costflow.model.simulation.Simulator;
import io.costflow.model.slo.ServiceProfile;
import io.costflow.model.slo.UtilizationPercentile;
import io.costflow.schemas.RecommendationKind;
import java.util.Locale;

/** The one place a simulated candidate becomes a recommendation or a rejection. */
final class Candidates {

    /** Horizon of the scenarios advisors simulate; recommendations carry monthly figures. */
    static final int HORIZON_MONTHS = 12;

    private Candidates() {}

    /** {@code serviceId/kind}: the same change for the same service keeps its id. */
    static String recommendationId(String serviceId, RecommendationKind kind) {
        return serviceId + "/" + kind.name().toLowerCase(Locale.ROOT);
    }

    static boolean saves(SimulationResult result) {
        return result.monthlySavings().list().signum() > 0;
    }

    static AdvisorOutcome judge(
            ServiceProfile profile,
            RecommendationKind kind,
            String rationale,
            SimulationResult result) {
        if (!result.prediction().holds()) {
            return AdvisorOutcome.of(reject(profile, kind, result));
        }
        return AdvisorOutcome.of(
                new CostRecommendation(
                        recommendationId(profile.serviceId(), kind),
                        profile.serviceId(),
                        kind,
                        profile.coverage(),
                        rationale,
                        result));
    }

    static RejectedCandidate reject(
            ServiceProfile profile, RecommendationKind kind, SimulationResult result) {
        return new RejectedCandidate(
                profile.serviceId(), kind, result, result.prediction().verdict());
    }

    /** E.g. "17 % at p95", read where the SLO model reads it. */
    static String cpuAtPolicyPercentile(Simulator simulator, ServiceProfile profile) {
        UtilizationPercentile percentile = simulator.sloPolicy().cpuPercentile();
        return percent(profile.cpu().at(percentile)) + " at " + percentile.label();
    }

    static String percent(double share) {
        return String.format(Locale.ROOT, "%.0f %%", share * 100);
    }
}

package io.costflow.api.recommendation;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.costflow.api.simulation.ProfileView;
import io.costflow.api.simulation.SimulationView;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * What the pipeline's advisors say about a service now: recommendations that keep every SLO, and
 * the candidates the SLO model turned down with the reason. Computed on demand, not stored.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
record RecommendResponse(
        String serviceId,
        ProfileView profile,
        List<Advice> recommendations,
        List<Rejected> rejected) {

    /**
     * One recommendation; a proposed field is null where the change keeps today's value.
     *
     * @param explanation the rationale, the figures, the verdict and the model's assumptions
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Advice(
            String recommendationId,
            String kind,
            double confidence,
            String rationale,
            @Nullable String proposedInstanceType,
            @Nullable Integer proposedReplicas,
            @Nullable String proposedPricingModel,
            String explanation,
            SimulationView simulation) {}

    /** A candidate change the SLO model rejected, and why. */
    @Serdeable
    record Rejected(String kind, String reason, SimulationView simulation) {}
}

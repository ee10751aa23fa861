package io.costflow.model.advice;

import java.util.ArrayList;
import java.util.List;

/** What advisors found for a service: recommendations, and candidates the SLO model rejected. */
public record AdvisorOutcome(
        List<CostRecommendation> recommendations, List<RejectedCandidate> rejections) {

    public static final AdvisorOutcome NONE = new AdvisorOutcome(List.of(), List.of());

    public AdvisorOutcome {
        recommendations = List.copyOf(recommendations);
        rejections = List.copyOf(rejections);
    }

    static AdvisorOutcome of(CostRecommendation recommendation) {
        return new AdvisorOutcome(List.of(recommendation), List.of());
    }

    static AdvisorOutcome of(RejectedCandidate rejection) {
        return new AdvisorOutcome(List.of(), List.of(rejection));
    }

    /** Both outcomes together, this one's entries first. */
    public AdvisorOutcome plus(AdvisorOutcome other) {
        List<CostRecommendation> r = new ArrayList<>(recommendations);
        r.addAll(other.recommendations);
        List<RejectedCandidate> j = new ArrayList<>(rejections);
        j.addAll(other.rejections);
        return new AdvisorOutcome(r, j);
    }
}

package io.costflow.api.recommendation;

import io.costflow.api.PageCursor;
import io.costflow.api.ServiceIds;
import io.costflow.api.problem.ProblemException;
import io.costflow.api.profile.ServiceProfiles;
import io.costflow.api.security.RequiresRole;
import io.costflow.api.security.Role;
import io.costflow.api.simulation.ProfileView;
import io.costflow.api.simulation.SimulationView;
import io.costflow.model.advice.AdvisorOutcome;
import io.costflow.model.advice.CostRecommendation;
import io.costflow.model.advice.RecommendationRecords;
import io.costflow.model.advice.ServiceAdvisor;
import io.costflow.model.slo.ServiceProfile;
import io.costflow.schemas.Recommendation;
import io.costflow.schemas.RecommendationKind;
import io.costflow.schemas.RecommendationState;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;

/**
 * The pipeline's recommendations as stored, and the same advisors run on demand over a service's
 * recent cost windows.
 */
@Controller("/v1")
class RecommendationController {

    static final String UNKNOWN_RECOMMENDATION = "urn:costflow:problem:unknown-recommendation";
    static final int MAX_PAGE_SIZE = 100;

    /** The name in this list's cursors. */
    private static final String LIST = "recommendations";

    /** Recommendation ids are {@code <serviceId>/<kind>}. */
    static final String RECOMMENDATION_ID = "[A-Za-z0-9][A-Za-z0-9._:/-]{0,200}";

    private final RecommendationRepository repository;
    private final ServiceProfiles profiles;
    private final ServiceAdvisor advisor;

    RecommendationController(
            RecommendationRepository repository, ServiceProfiles profiles, ServiceAdvisor advisor) {
        this.repository = repository;
        this.profiles = profiles;
        this.advisor = advisor;
    }

    /**
     * Recommendations, most recently updated first.
     *
     * @param page page number from 0, for paging by offset
     * @param size items per page, 1..100
     * @param cursor the {@code nextCursor} of the previous page, for paging by position: the page
     *     starts after that page's last recommendation. One updated meanwhile moves to the top of
     *     the list, so a walk by cursor shows each recommendation at most once.
     */
    @Get("/recommendations")
    @RequiresRole(Role.VIEWER)
    @ExecuteOn(TaskExecutors.BLOCKING)
    RecommendationPage list(
            @QueryValue @Nullable @Pattern(regexp = ServiceIds.PATTERN) String serviceId,
            @QueryValue @Nullable RecommendationKind kind,
            @QueryValue @Nullable RecommendationState state,
            @QueryValue(defaultValue = "0") @Min(0) @Max(1_000_000) int page,
            @QueryValue(defaultValue = "20") @Min(1) @Max(MAX_PAGE_SIZE) int size,
            @QueryValue @Nullable String cursor) {
        PageCursor after = PageCursor.parse(LIST, cursor, page, 2);
        RecommendationRepository.Filter filter =
                new RecommendationRepository.Filter(serviceId, kind, state);
        PageCursor.Slice<RecommendationView> slice =
                PageCursor.slice(
                        repository.page(
                                filter,
                                PageCursor.TimeAndId.in(after),
                                (long) page * size,
                                size + 1),
                        size,
                        r -> PageCursor.of(LIST, r.updatedAt(), r.recommendationId()));
        return new RecommendationPage(
                slice.items(),
                after == null ? page : null,
                size,
                repository.count(filter),
                slice.nextCursor());
    }

    /**
     * The id may contain slashes ({@code checkout/rightsize}), so it takes the rest of the path.
     */
    @Get("/recommendations/{+recommendationId}")
    @RequiresRole(Role.VIEWER)
    @ExecuteOn(TaskExecutors.BLOCKING)
    RecommendationView get(
            @PathVariable @Pattern(regexp = RECOMMENDATION_ID) String recommendationId) {
        return repository
                .find(recommendationId)
                .orElseThrow(
                        () ->
                                ProblemException.notFound(
                                        UNKNOWN_RECOMMENDATION,
                                        "Unknown recommendation",
                                        "There is no recommendation '" + recommendationId + "'."));
    }

    @Post("/recommend")
    @RequiresRole(Role.OPERATOR)
    @ExecuteOn(TaskExecutors.BLOCKING)
    RecommendResponse recommend(@Body @Valid RecommendRequest request) {
        ServiceProfile profile = profiles.load(request.serviceId());
        AdvisorOutcome outcome = advisor.advise(profile);
        return new RecommendResponse(
                profile.serviceId(),
                ProfileView.of(profile),
                outcome.recommendations().stream().map(r -> advice(r, profile)).toList(),
                outcome.rejections().stream()
                        .map(
                                r ->
                                        new RecommendResponse.Rejected(
                                                r.kind().name(),
                                                r.reason(),
                                                SimulationView.of(r.simulation())))
                        .toList());
    }

    /** The proposed fields and explanation come out exactly as the pipeline would store them. */
    private static RecommendResponse.Advice advice(
            CostRecommendation recommendation, ServiceProfile profile) {
        Instant now = Instant.now();
        Recommendation record = RecommendationRecords.open(recommendation, profile, 1, now, now);
        return new RecommendResponse.Advice(
                record.getRecommendationId(),
                record.getKind().name(),
                record.getConfidence(),
                recommendation.rationale(),
                record.getProposedInstanceType(),
                record.getProposedReplicas(),
                record.getProposedPricingModel(),
                record.getExplanation(),
                SimulationView.of(recommendation.simulation()));
    }
}

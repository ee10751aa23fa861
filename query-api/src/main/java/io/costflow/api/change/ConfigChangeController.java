package io.costflow.api.change;

import io.costflow.api.PageCursor;
import io.costflow.api.ServiceIds;
import io.costflow.api.problem.ProblemException;
import io.costflow.api.security.ApiKeyPrincipal;
import io.costflow.api.security.RequiresRole;
import io.costflow.api.security.Role;
import io.costflow.api.service.ServiceConfigPublisher;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
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
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recorded config changes: applying a recommendation as a service's new config, rolling it back,
 * and the history. Each change is published to the service-config topic before it commits, so the
 * pipeline sees exactly the configs PostgreSQL holds; if Kafka is down nothing changes (503).
 */
@Controller("/v1/config")
class ConfigChangeController {

    static final String KAFKA_UNAVAILABLE = "urn:costflow:problem:kafka-unavailable";
    static final String RECOMMENDATION_ID = "[A-Za-z0-9][A-Za-z0-9._:/-]{0,200}";
    static final int MAX_PAGE_SIZE = 100;

    private static final Logger LOG = LoggerFactory.getLogger(ConfigChangeController.class);

    private final ConfigChangeRepository repository;
    private final ServiceConfigPublisher publisher;
    private final Clock clock = Clock.systemUTC();

    ConfigChangeController(ConfigChangeRepository repository, ServiceConfigPublisher publisher) {
        this.repository = repository;
        this.publisher = publisher;
    }

    /** 201 with the recorded APPLY change. */
    @Post("/apply")
    @RequiresRole(Role.OPERATOR)
    @ExecuteOn(TaskExecutors.BLOCKING)
    HttpResponse<ConfigChangeView> apply(@Body @Valid ApplyRequest body, HttpRequest<?> request) {
        String actor = ApiKeyPrincipal.of(request).keyId();
        return HttpResponse.created(
                published(
                        body.recommendationId(),
                        () -> repository.apply(body.recommendationId(), actor, now())));
    }

    /**
     * 201 with the recorded ROLLBACK change. The recommendation id may contain slashes ({@code
     * checkout/rightsize}), so it takes the rest of the path.
     */
    @Post("/rollback/{serviceId}/{+recommendationId}")
    @RequiresRole(Role.OPERATOR)
    @ExecuteOn(TaskExecutors.BLOCKING)
    HttpResponse<ConfigChangeView> rollback(
            @PathVariable @Pattern(regexp = ServiceIds.CONFIGURABLE_PATTERN) String serviceId,
            @PathVariable @Pattern(regexp = RECOMMENDATION_ID) String recommendationId,
            HttpRequest<?> request) {
        String actor = ApiKeyPrincipal.of(request).keyId();
        return HttpResponse.created(
                published(
                        recommendationId,
                        () -> repository.rollback(serviceId, recommendationId, actor, now())));
    }

    /**
     * A service's config changes, newest first.
     *
     * @param page page number from 0, for paging by offset
     * @param size items per page, 1..100
     * @param cursor the {@code nextCursor} of the previous page, for paging by position: the page
     *     starts after that page's last change, so changes recorded meanwhile neither repeat nor
     *     skip one
     */
    @Get("/history/{serviceId}")
    @RequiresRole(Role.VIEWER)
    @ExecuteOn(TaskExecutors.BLOCKING)
    ConfigChangePage history(
            @PathVariable @Pattern(regexp = ServiceIds.CONFIGURABLE_PATTERN) String serviceId,
            @QueryValue(defaultValue = "0") @Min(0) @Max(1_000_000) int page,
            @QueryValue(defaultValue = "20") @Min(1) @Max(MAX_PAGE_SIZE) int size,
            @QueryValue @Nullable String cursor) {
        PageCursor after = PageCursor.parse(ConfigChangeRepository.HISTORY_LIST, cursor, page, 1);
        return repository
                .history(serviceId, after == null ? null : after.number(0), page, size)
                .orElseThrow(
                        () ->
                                ProblemException.notFound(
                                        ConfigChangeRepository.UNKNOWN_SERVICE,
                                        "Unknown service",
                                        "Service '"
                                                + serviceId
                                                + "' has no config and no recorded changes."));
    }

    private ConfigChangeView published(String recommendationId, Supplier<ConfigChangeView> change) {
        try {
            return change.get();
        } catch (ServiceConfigPublisher.PublishException e) {
            LOG.warn("change for {} not made: {}", recommendationId, e.getMessage(), e);
            throw ProblemException.unavailable(
                    KAFKA_UNAVAILABLE,
                    "Service config topic unavailable",
                    "The change for recommendation '"
                            + recommendationId
                            + "' was not made: Kafka did not acknowledge the new config on topic '"
                            + publisher.topic()
                            + "'. "
                            + ServiceConfigPublisher.RETRY_ADVICE);
        }
    }

    /** Millisecond precision: the record's timestamp-millis must equal what the row says. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}

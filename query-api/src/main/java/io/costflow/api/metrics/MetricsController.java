package io.costflow.api.metrics;

import io.costflow.api.PageCursor;
import io.costflow.api.ServiceIds;
import io.costflow.api.TimeRanges;
import io.costflow.api.problem.ProblemException;
import io.costflow.api.security.RequiresRole;
import io.costflow.api.security.Role;
import io.costflow.model.usage.LatencyMerge;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;

/**
 * A service's utilisation, latency, error rate and SLO compliance, computed from its cost windows
 * and its config.
 */
@Controller("/v1/metrics")
class MetricsController {

    static final int MAX_PAGE_SIZE = 500;

    /** The name in this list's cursors. */
    private static final String LIST = "metrics-services";

    static final String UNKNOWN_SERVICE = "urn:costflow:problem:unknown-service";

    private final MetricsRepository repository;
    private final HealthSettings health;

    MetricsController(MetricsRepository repository, HealthSettings health) {
        this.repository = repository;
        this.health = health;
    }

    /**
     * Services that have cost windows, each with the metrics of its newest window, ordered by
     * service id.
     *
     * @param page page number from 0, for paging by offset
     * @param size items per page, 1..500
     * @param cursor the {@code nextCursor} of the previous page, for paging by position: the page
     *     starts after that page's last service, so services that appear meanwhile neither repeat
     *     nor skip one
     */
    @Get("/services")
    @RequiresRole(Role.VIEWER)
    @ExecuteOn(TaskExecutors.BLOCKING)
    ServiceMetricsPage services(
            @QueryValue(defaultValue = "0") @Min(0) @Max(1_000_000) int page,
            @QueryValue(defaultValue = "50") @Min(1) @Max(MAX_PAGE_SIZE) int size,
            @QueryValue @Nullable String cursor) {
        PageCursor after = PageCursor.parse(LIST, cursor, page, 1);
        PageCursor.Slice<MetricWindow> slice =
                PageCursor.slice(
                        repository.latestPerService(
                                after == null ? null : after.text(0), page * size, size + 1),
                        size,
                        window -> PageCursor.of(LIST, window.serviceId()));
        List<ServiceMetricsPage.Latest> items =
                slice.items().stream().map(MetricsController::latest).toList();
        return new ServiceMetricsPage(
                items,
                after == null ? page : null,
                size,
                repository.countServices(),
                slice.nextCursor());
    }

    /** A service's metrics and SLO compliance over the windows starting in {@code [from, to)}. */
    @Get("/query")
    @RequiresRole(Role.VIEWER)
    @ExecuteOn(TaskExecutors.BLOCKING)
    MetricsQueryResponse query(
            @QueryValue @Pattern(regexp = ServiceIds.PATTERN) String serviceId,
            @QueryValue Instant from,
            @QueryValue Instant to) {
        TimeRanges.check(from, to);
        requireKnown(serviceId);
        return new MetricsQueryResponse(
                serviceId,
                from,
                to,
                MetricsSummary.of(
                        repository.inRange(serviceId, from, to), repository.slo(serviceId)));
    }

    /** The service's health now: its newest windows against its SLOs. */
    @Get("/{serviceId}/health")
    @RequiresRole(Role.VIEWER)
    @ExecuteOn(TaskExecutors.BLOCKING)
    ServiceHealth health(@PathVariable @Pattern(regexp = ServiceIds.PATTERN) String serviceId) {
        requireKnown(serviceId);
        return ServiceHealth.judge(
                serviceId,
                repository.latest(serviceId, health.lookback()),
                repository.slo(serviceId),
                health);
    }

    private void requireKnown(String serviceId) {
        if (!repository.serviceExists(serviceId)) {
            throw ProblemException.notFound(
                    UNKNOWN_SERVICE,
                    "Unknown service",
                    "Service '" + serviceId + "' has neither cost windows nor a config.");
        }
    }

    private static ServiceMetricsPage.Latest latest(MetricWindow w) {
        OptionalDouble p99 = LatencyMerge.percentile(w.latency(), 0.99);
        return new ServiceMetricsPage.Latest(
                w.serviceId(),
                w.windowStart(),
                w.windowEnd(),
                w.status(),
                w.requestCount(),
                w.errorCount(),
                w.requestCount() == 0 ? null : (double) w.errorCount() / w.requestCount(),
                w.cpu(),
                w.memory(),
                p99.isPresent() ? p99.getAsDouble() : null,
                w.currency(),
                w.effectiveCost().toPlainString());
    }
}

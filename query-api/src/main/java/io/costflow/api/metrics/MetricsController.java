package io.costflow.api.metrics;

import io.costflow.api.ServiceIds;
import io.costflow.api.TimeRanges;
import io.costflow.api.problem.ProblemException;
import io.costflow.api.security.RequiresRole;
import io.costflow.api.security.Role;
import io.costflow.model.usage.LatencyMerge;
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
    static final String UNKNOWN_SERVICE = "urn:costflow:problem:unknown-service";

    private final MetricsRepository repository;
    private final HealthSettings health;

    MetricsController(MetricsRepository repository, HealthSettings health) {
        this.repository = repository;
        this.health = health;
    }

    /** Services that have cost windows, each with the metrics of its newest window. */
    @Get("/services")
    @RequiresRole(Role.VIEWER)
    @ExecuteOn(TaskExecutors.BLOCKING)
    ServiceMetricsPage services(
            @QueryValue(defaultValue = "0") @Min(0) @Max(1_000_000) int page,
            @QueryValue(defaultValue = "50") @Min(1) @Max(MAX_PAGE_SIZE) int size) {
        List<ServiceMetricsPage.Latest> items =
                repository.latestPerService(page * size, size).stream()
                        .map(MetricsController::latest)
                        .toList();
        return new ServiceMetricsPage(items, page, size, repository.countServices());
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

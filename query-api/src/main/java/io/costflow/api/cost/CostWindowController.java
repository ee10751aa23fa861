package io.costflow.api.cost;

import io.costflow.api.ServiceIds;
import io.costflow.api.TimeRanges;
import io.costflow.api.problem.ProblemException;
import io.costflow.api.security.RequiresRole;
import io.costflow.api.security.Role;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;
import java.util.List;

/** Cost windows of one service over a time range. */
@Controller("/v1/services")
class CostWindowController {

    static final String UNKNOWN_SERVICE = "urn:costflow:problem:unknown-service";

    private final CostWindowRepository repository;

    CostWindowController(CostWindowRepository repository) {
        this.repository = repository;
    }

    @Get("/{serviceId}/costs")
    @RequiresRole(Role.VIEWER)
    @ExecuteOn(TaskExecutors.BLOCKING)
    CostWindowsResponse costs(
            @PathVariable @Pattern(regexp = ServiceIds.PATTERN) String serviceId,
            @QueryValue Instant from,
            @QueryValue Instant to) {
        TimeRanges.check(from, to);
        List<CostWindowRow> rows = repository.findInRange(serviceId, from, to);
        if (rows.isEmpty() && !repository.serviceExists(serviceId)) {
            throw ProblemException.notFound(
                    UNKNOWN_SERVICE,
                    "Unknown service",
                    "Service '" + serviceId + "' has no cost windows.");
        }
        return CostWindowsResponse.of(serviceId, from, to, rows);
    }
}

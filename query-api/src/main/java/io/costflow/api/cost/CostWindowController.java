package io.costflow.api.cost;

import io.costflow.api.ServiceIds;
import io.costflow.api.problem.InvalidParam;
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
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Cost windows of one service over a time range. */
@Controller("/v1/services")
class CostWindowController {

    /** The longest range one request may ask for, so a query stays bounded. */
    static final Duration MAX_RANGE = Duration.ofDays(366);

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
        checkRange(from, to);
        List<CostWindowRow> rows = repository.findInRange(serviceId, from, to);
        if (rows.isEmpty() && !repository.serviceExists(serviceId)) {
            throw ProblemException.notFound(
                    UNKNOWN_SERVICE,
                    "Unknown service",
                    "Service '" + serviceId + "' has no cost windows.");
        }
        return CostWindowsResponse.of(serviceId, from, to, rows);
    }

    private static void checkRange(Instant from, Instant to) {
        if (!from.isBefore(to)) {
            throw ProblemException.invalidParams(
                    List.of(
                            new InvalidParam(
                                    "from", from.toString(), "must be before 'to' (" + to + ")")));
        }
        if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
            throw ProblemException.invalidParams(
                    List.of(
                            new InvalidParam(
                                    "to",
                                    to.toString(),
                                    "must be at most "
                                            + MAX_RANGE.toDays()
                                            + " days after 'from' ("
                                            + from
                                            + ")")));
        }
    }
}

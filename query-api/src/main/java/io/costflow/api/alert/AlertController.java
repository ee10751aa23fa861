package io.costflow.api.alert;

import io.costflow.api.ServiceIds;
import io.costflow.api.TimeRanges;
import io.costflow.api.security.RequiresRole;
import io.costflow.api.security.Role;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;
import java.util.Locale;

/** SLA and budget alerts the pipeline emitted, newest first. */
@Controller("/v1/alerts")
class AlertController {

    static final int MAX_PAGE_SIZE = 100;

    /** {@code sla}, {@code budget}, or one budget kind; any case. */
    static final String KIND = "(?i)sla|budget|actual|forecast|spend_burn_rate|anomaly";

    private final AlertRepository repository;

    AlertController(AlertRepository repository) {
        this.repository = repository;
    }

    /**
     * @param kind sla, budget, or one budget alert kind (actual, forecast, spend_burn_rate,
     *     anomaly)
     * @param state FIRING or RESOLVED; only SLA alerts have a state
     * @param from inclusive lower bound of the alerts' event time
     * @param to exclusive upper bound of the alerts' event time
     */
    @Get
    @RequiresRole(Role.VIEWER)
    @ExecuteOn(TaskExecutors.BLOCKING)
    AlertPage list(
            @QueryValue
                    @Nullable
                    @Pattern(
                            regexp = KIND,
                            message =
                                    "must be sla, budget, actual, forecast, spend_burn_rate or"
                                            + " anomaly")
                    String kind,
            @QueryValue @Nullable @Pattern(regexp = ServiceIds.PATTERN) String serviceId,
            @QueryValue
                    @Nullable
                    @Pattern(regexp = "(?i)firing|resolved", message = "must be FIRING or RESOLVED")
                    String state,
            @QueryValue @Nullable Instant from,
            @QueryValue @Nullable Instant to,
            @QueryValue(defaultValue = "0") @Min(0) @Max(1_000_000) int page,
            @QueryValue(defaultValue = "20") @Min(1) @Max(MAX_PAGE_SIZE) int size) {
        if (from != null) {
            TimeRanges.checkInstant("from", from);
        }
        if (to != null) {
            TimeRanges.checkInstant("to", to);
        }
        if (from != null && to != null) {
            TimeRanges.checkOrder(from, to);
        }
        String k = kind == null ? null : kind.toUpperCase(Locale.ROOT);
        boolean sla = k == null || k.equals("SLA");
        boolean budget = k == null || !k.equals("SLA");
        String budgetKind = k == null || k.equals("SLA") || k.equals("BUDGET") ? null : k;
        AlertRepository.Filter filter =
                new AlertRepository.Filter(
                        sla,
                        budget,
                        budgetKind,
                        serviceId,
                        state == null ? null : state.toUpperCase(Locale.ROOT),
                        from,
                        to);
        return new AlertPage(
                repository.page(filter, (long) page * size, size),
                page,
                size,
                repository.count(filter));
    }
}

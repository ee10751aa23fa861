package io.costflow.api.alert;

import io.costflow.api.PageCursor;
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

    /** The name in this list's cursors. */
    private static final String LIST = "alerts";

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
     * @param page page number from 0, for paging by offset
     * @param size items per page, 1..100
     * @param cursor the {@code nextCursor} of the previous page, for paging by position: the page
     *     starts after that page's last alert, so alerts stored meanwhile neither repeat nor skip
     *     one (an alert the job re-sends with another event time can)
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
            @QueryValue(defaultValue = "20") @Min(1) @Max(MAX_PAGE_SIZE) int size,
            @QueryValue @Nullable String cursor) {
        PageCursor after = PageCursor.parse(LIST, cursor, page, 2);
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
        PageCursor.Slice<AlertView> slice =
                PageCursor.slice(
                        repository.page(
                                filter,
                                PageCursor.TimeAndId.in(after),
                                (long) page * size,
                                size + 1),
                        size,
                        alert -> PageCursor.of(LIST, alert.eventTime(), alert.alertId()));
        return new AlertPage(
                slice.items(),
                after == null ? page : null,
                size,
                repository.count(filter),
                slice.nextCursor());
    }
}

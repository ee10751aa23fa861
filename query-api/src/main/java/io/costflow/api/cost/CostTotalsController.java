package io.costflow.api.cost;

import io.costflow.api.PageCursor;
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
import java.time.Instant;

/** Cost totals across services over a time range, by service, owner or charge category. */
@Controller("/v1/costs")
class CostTotalsController {

    static final int MAX_PAGE_SIZE = 500;

    private final CostTotalsRepository repository;

    CostTotalsController(CostTotalsRepository repository) {
        this.repository = repository;
    }

    /**
     * Totals of the cost windows starting in {@code [from, to)}, one item per key and currency.
     *
     * @param groupBy SERVICE, OWNER or CATEGORY
     * @param from first window start included (ISO-8601 instant)
     * @param to first window start excluded; at most 366 days after {@code from}
     * @param page page number from 0, for paging by offset
     * @param size items per page, 1..500
     * @param cursor the {@code nextCursor} of the previous page (of the same grouping), for paging
     *     by position: the page starts after that page's last key and currency, so keys that appear
     *     meanwhile (new services, owners) neither repeat nor skip one
     */
    @Get("/totals")
    @RequiresRole(Role.VIEWER)
    @ExecuteOn(TaskExecutors.BLOCKING)
    CostTotalsPage totals(
            @QueryValue CostGrouping groupBy,
            @QueryValue Instant from,
            @QueryValue Instant to,
            @QueryValue(defaultValue = "0") @Min(0) @Max(1_000_000) int page,
            @QueryValue(defaultValue = "50") @Min(1) @Max(MAX_PAGE_SIZE) int size,
            @QueryValue @Nullable String cursor) {
        TimeRanges.check(from, to);
        // A position is a (key, currency) of one grouping; a cursor says which.
        String list = "cost-totals-" + groupBy;
        PageCursor after = PageCursor.parse(list, cursor, page, 2);
        PageCursor.Slice<CostTotalsPage.Item> slice =
                PageCursor.slice(
                        repository.page(
                                groupBy,
                                from,
                                to,
                                after == null ? null : after.text(0),
                                after == null ? null : after.text(1),
                                page * size,
                                size + 1),
                        size,
                        item -> PageCursor.of(list, item.key(), item.currency()));
        return new CostTotalsPage(
                groupBy,
                from,
                to,
                slice.items(),
                after == null ? page : null,
                size,
                repository.count(groupBy, from, to),
                slice.nextCursor());
    }
}

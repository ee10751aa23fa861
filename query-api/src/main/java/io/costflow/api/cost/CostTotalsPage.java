package io.costflow.api.cost;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;

/**
 * One page of cost totals over windows starting in {@code [from, to)}, ordered by key then
 * currency. Amounts are exact decimal strings in plain notation; a key with windows in several
 * currencies has one item per currency, since those cannot be added.
 *
 * @param page the page number asked for, from 0; null when the page was asked for by cursor
 * @param totalItems how many (key, currency) totals the range has
 * @param nextCursor the {@code cursor} of the next page; null on the last page
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record CostTotalsPage(
        CostGrouping groupBy,
        Instant from,
        Instant to,
        List<Item> items,
        @Nullable Integer page,
        int size,
        long totalItems,
        @Nullable String nextCursor) {

    /**
     * The total of one key in one currency. For {@link CostGrouping#CATEGORY} only {@code cost}
     * (the category's share of the windows' cost) is set; otherwise {@code cost} is the effective
     * cost and the billed, provisional and traffic fields are set as well.
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Item(
            String key,
            String currency,
            String cost,
            @Nullable String billedCost,
            @Nullable String effectiveCost,
            @Nullable String provisionalCost,
            @Nullable Long requestCount,
            @Nullable Long errorCount,
            long windows) {}
}

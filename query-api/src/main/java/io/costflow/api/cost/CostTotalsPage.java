package io.costflow.api.cost;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;

/**
 * One page of cost totals over windows starting in {@code [from, to)}, ordered by key then
 * currency; {@code page} counts from 0. Amounts are exact decimal strings in plain notation; a key
 * with windows in several currencies has one item per currency, since those cannot be added.
 */
@Serdeable
public record CostTotalsPage(
        CostGrouping groupBy,
        Instant from,
        Instant to,
        List<Item> items,
        int page,
        int size,
        long totalItems) {

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

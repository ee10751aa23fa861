package io.costflow.api.cost;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;

/**
 * A service's cost windows starting in {@code [from, to)} and their totals. Amounts are exact
 * decimal strings in plain notation, in {@code currency} (null when there are no windows).
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record CostWindowsResponse(
        String serviceId,
        Instant from,
        Instant to,
        @Nullable String currency,
        List<Window> windows,
        Totals totals) {

    /** One event-time window of the service's cost and traffic. */
    @Serdeable
    public record Window(
            Instant windowStart,
            Instant windowEnd,
            String status,
            long revision,
            String billedCost,
            String effectiveCost,
            String provisionalCost,
            long requestCount,
            long errorCount,
            int resourceCount,
            Instant updatedAt) {}

    /** Sums over all windows of the response. */
    @Serdeable
    public record Totals(
            String billedCost,
            String effectiveCost,
            String provisionalCost,
            long requestCount,
            long errorCount) {}

    /**
     * Builds the response from rows in window order.
     *
     * @throws IllegalStateException if the rows are in more than one currency: amounts in different
     *     currencies cannot be added
     */
    static CostWindowsResponse of(
            String serviceId, Instant from, Instant to, List<CostWindowRow> rows) {
        TreeSet<String> currencies = new TreeSet<>();
        BigDecimal billed = BigDecimal.ZERO;
        BigDecimal effective = BigDecimal.ZERO;
        BigDecimal provisional = BigDecimal.ZERO;
        long requests = 0;
        long errors = 0;
        for (CostWindowRow row : rows) {
            currencies.add(row.currency());
            billed = billed.add(row.billedCost());
            effective = effective.add(row.effectiveCost());
            provisional = provisional.add(row.provisionalCost());
            requests = Math.addExact(requests, row.requestCount());
            errors = Math.addExact(errors, row.errorCount());
        }
        if (currencies.size() > 1) {
            throw new IllegalStateException(
                    "service "
                            + serviceId
                            + " has cost windows in several currencies "
                            + currencies
                            + " between "
                            + from
                            + " and "
                            + to
                            + "; refusing to add them up");
        }
        return new CostWindowsResponse(
                serviceId,
                from,
                to,
                currencies.isEmpty() ? null : currencies.first(),
                rows.stream().map(CostWindowsResponse::window).toList(),
                new Totals(
                        billed.toPlainString(),
                        effective.toPlainString(),
                        provisional.toPlainString(),
                        requests,
                        errors));
    }

    private static Window window(CostWindowRow row) {
        return new Window(
                row.windowStart(),
                row.windowEnd(),
                row.status(),
                row.revision(),
                row.billedCost().toPlainString(),
                row.effectiveCost().toPlainString(),
                row.provisionalCost().toPlainString(),
                row.requestCount(),
                row.errorCount(),
                row.resourceCount(),
                row.updatedAt());
    }
}

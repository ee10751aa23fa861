package io.costflow.api.metrics;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;

/**
 * One page of services with the metrics of their newest window, by service id.
 *
 * @param page the page number asked for, from 0; null when the page was asked for by cursor
 * @param totalItems how many services have cost windows in all
 * @param nextCursor the {@code cursor} of the next page; null on the last page
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ServiceMetricsPage(
        List<Latest> items,
        @Nullable Integer page,
        int size,
        long totalItems,
        @Nullable String nextCursor) {

    /**
     * A service's newest window.
     *
     * @param effectiveCost exact decimal string in {@code currency}
     * @param latencyP99Ms p99 of the window's histogram; null without requests
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Latest(
            String serviceId,
            Instant windowStart,
            Instant windowEnd,
            String status,
            long requestCount,
            long errorCount,
            @Nullable Double errorRate,
            @Nullable Utilisation cpu,
            @Nullable Utilisation memory,
            @Nullable Double latencyP99Ms,
            String currency,
            String effectiveCost) {}
}

package io.costflow.api.cost;

import java.math.BigDecimal;
import java.time.Instant;

/** One row of {@code cost_window} as stored; never an API body. */
record CostWindowRow(
        Instant windowStart,
        Instant windowEnd,
        String status,
        long revision,
        String currency,
        BigDecimal billedCost,
        BigDecimal effectiveCost,
        BigDecimal provisionalCost,
        long requestCount,
        long errorCount,
        int resourceCount,
        Instant updatedAt) {}

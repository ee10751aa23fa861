package io.costflow.model.slo;

import io.costflow.schemas.UtilizationStats;

/**
 * A utilisation distribution over a lookback (shares between 0 and 1): each percentile is the same
 * percentile taken across the windows' own values, so a busy hour is not averaged away.
 */
public record UtilizationSummary(double p50, double p95, double p99, double max) {

    /** The value at {@code percentile}. */
    public double at(UtilizationPercentile percentile) {
        return switch (percentile) {
            case P50 -> p50;
            case P95 -> p95;
            case P99 -> p99;
            case MAX -> max;
        };
    }

    static double pick(UtilizationStats stats, UtilizationPercentile percentile) {
        return switch (percentile) {
            case P50 -> stats.getP50();
            case P95 -> stats.getP95();
            case P99 -> stats.getP99();
            case MAX -> stats.getMax();
        };
    }
}

package io.costflow.model.advice;

/**
 * When {@link PricingModelAdvisor} calls usage steady enough for spot.
 *
 * @param maxRequestRateVariation highest coefficient of variation of the per-window request rate
 * @param minCoverage least share of the lookback's windows with data, so "steady" is not a guess
 * @param minReplicas least replicas, so one interruption leaves the service serving
 */
public record SpotSettings(double maxRequestRateVariation, double minCoverage, int minReplicas) {

    /** Variation at most 25 %, 90 % of the windows present, at least 2 replicas. */
    public static final SpotSettings DEFAULT = new SpotSettings(0.25, 0.9, 2);
}

package io.costflow.model.slo;

/**
 * How much of a replica's capacity a change may use: projected utilisation must stay at or under
 * {@code utilizationTarget × (1 − headroom)}, read at {@code cpuPercentile} for CPU and {@code
 * memoryPercentile} for memory.
 *
 * @param utilizationTarget the utilisation the team considers full, in (0, 1]
 * @param headroom the share of the target kept free for bursts and model error, in [0, 1)
 */
public record SloPolicy(
        double utilizationTarget,
        double headroom,
        UtilizationPercentile cpuPercentile,
        UtilizationPercentile memoryPercentile) {

    /** Full at 100 %, 20 % headroom (so at most 80 %), p95 CPU, p99 memory. */
    public static final SloPolicy DEFAULT =
            new SloPolicy(1.0, 0.20, UtilizationPercentile.P95, UtilizationPercentile.P99);

    public SloPolicy {
        if (!(utilizationTarget > 0 && utilizationTarget <= 1)) {
            throw new IllegalArgumentException(
                    "utilizationTarget must be in (0, 1], was " + utilizationTarget);
        }
        if (!(headroom >= 0 && headroom < 1)) {
            throw new IllegalArgumentException("headroom must be in [0, 1), was " + headroom);
        }
        if (cpuPercentile == null || memoryPercentile == null) {
            throw new IllegalArgumentException("percentiles are required");
        }
    }

    /** The highest utilisation a change may be projected to reach. */
    public double utilizationCeiling() {
        return utilizationTarget * (1 - headroom);
    }
}

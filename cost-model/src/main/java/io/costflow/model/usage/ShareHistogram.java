package io.costflow.model.usage;

import io.costflow.schemas.UtilizationStats;
import java.util.Arrays;

/**
 * The distribution of utilisation samples (shares between 0 and 1) in 1 % buckets: mergeable
 * exactly, small enough to keep per window, and percentiles exact to the bucket. The maximum is
 * kept exactly.
 *
 * <p>A mutable bean (no-argument constructor, getters and setters) so stream processors can keep it
 * in state without a custom serializer.
 */
public final class ShareHistogram {

    /** Bucket i holds samples in [i %, i+1 %); the last bucket holds exactly 100 %. */
    static final int BUCKETS = 101;

    private long[] counts = new long[BUCKETS];
    private long samples;
    private double max;

    /** Adds one sample; values outside 0..1 are clamped (validation rejects them upstream). */
    public void add(double share) {
        double clamped = Math.max(0, Math.min(1, share));
        counts[(int) Math.floor(clamped * 100)]++;
        samples++;
        max = Math.max(max, clamped);
    }

    public void merge(ShareHistogram other) {
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] += other.counts[i];
        }
        samples += other.samples;
        max = Math.max(max, other.max);
    }

    /**
     * The {@code q}-quantile, reported as the upper edge of its bucket (so never below the true
     * value, and never above the maximum seen).
     */
    public double percentile(double q) {
        if (samples == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(q * samples));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(max, (i + 1) / 100.0);
            }
        }
        return max;
    }

    /** The contract's summary of this distribution. */
    public UtilizationStats toStats() {
        return UtilizationStats.newBuilder()
                .setSamples(samples)
                .setP50(percentile(0.50))
                .setP95(percentile(0.95))
                .setP99(percentile(0.99))
                .setMax(max)
                .build();
    }

    public long[] getCounts() {
        return counts;
    }

    public void setCounts(long[] counts) {
        this.counts = counts;
    }

    public long getSamples() {
        return samples;
    }

    public void setSamples(long samples) {
        this.samples = samples;
    }

    public double getMax() {
        return max;
    }

    public void setMax(double max) {
        this.max = max;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ShareHistogram h
                && samples == h.samples
                && max == h.max
                && Arrays.equals(counts, h.counts);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(samples) * 31 + Arrays.hashCode(counts);
    }
}

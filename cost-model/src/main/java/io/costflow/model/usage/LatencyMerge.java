package io.costflow.model.usage;

import io.costflow.schemas.LatencyHistogram;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.TreeSet;

/**
 * Merges explicit-bucket latency histograms. With the same bucket bounds (the normal case: one
 * service, one instrumentation) the merge is exact. With different bounds the counts go to the
 * union of the bounds, each count into the bucket that ends at its own upper bound: "at most X ms"
 * stays true for every bound X of the input, never more optimistic.
 */
public final class LatencyMerge {

    private LatencyMerge() {}

    /** A new histogram holding both; either may be null. */
    public static LatencyHistogram merge(LatencyHistogram a, LatencyHistogram b) {
        if (a == null) {
            return b == null ? null : copy(b);
        }
        if (b == null) {
            return copy(a);
        }
        if (a.getBucketBoundsMs().equals(b.getBucketBoundsMs())) {
            List<Long> counts = new ArrayList<>(a.getBucketCounts().size());
            for (int i = 0; i < a.getBucketCounts().size(); i++) {
                counts.add(a.getBucketCounts().get(i) + b.getBucketCounts().get(i));
            }
            return histogram(new ArrayList<>(a.getBucketBoundsMs()), counts);
        }
        TreeSet<Double> union = new TreeSet<>(a.getBucketBoundsMs());
        union.addAll(b.getBucketBoundsMs());
        List<Double> bounds = new ArrayList<>(union);
        long[] counts = new long[bounds.size() + 1];
        addInto(a, bounds, counts);
        addInto(b, bounds, counts);
        List<Long> list = new ArrayList<>(counts.length);
        for (long c : counts) {
            list.add(c);
        }
        return histogram(bounds, list);
    }

    /**
     * Requests at or under {@code thresholdMs}, counting only buckets whose upper bound is at or
     * under it.
     */
    public static long countAtOrBelow(LatencyHistogram h, double thresholdMs) {
        long n = 0;
        for (int i = 0; i < h.getBucketBoundsMs().size(); i++) {
            if (h.getBucketBoundsMs().get(i) <= thresholdMs) {
                n += h.getBucketCounts().get(i);
            }
        }
        return n;
    }

    /**
     * The upper bound of the bucket holding the {@code q}-quantile (nearest rank), so never below
     * the true value; the last bound when it falls in the overflow bucket, which then understates
     * it. Empty without requests.
     */
    public static OptionalDouble percentile(LatencyHistogram h, double q) {
        if (!(q > 0 && q <= 1)) {
            throw new IllegalArgumentException("quantile must be in (0, 1]: " + q);
        }
        if (h == null || h.getBucketBoundsMs().isEmpty()) {
            return OptionalDouble.empty();
        }
        long total = h.getBucketCounts().stream().mapToLong(Long::longValue).sum();
        if (total == 0) {
            return OptionalDouble.empty();
        }
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < h.getBucketBoundsMs().size(); i++) {
            seen += h.getBucketCounts().get(i);
            if (seen >= rank) {
                return OptionalDouble.of(h.getBucketBoundsMs().get(i));
            }
        }
        return OptionalDouble.of(h.getBucketBoundsMs().get(h.getBucketBoundsMs().size() - 1));
    }

    private static void addInto(LatencyHistogram h, List<Double> bounds, long[] counts) {
        List<Double> own = h.getBucketBoundsMs();
        for (int i = 0; i < h.getBucketCounts().size(); i++) {
            int target = i < own.size() ? bounds.indexOf(own.get(i)) : bounds.size();
            counts[target] += h.getBucketCounts().get(i);
        }
    }

    private static LatencyHistogram copy(LatencyHistogram h) {
        return histogram(
                new ArrayList<>(h.getBucketBoundsMs()), new ArrayList<>(h.getBucketCounts()));
    }

    private static LatencyHistogram histogram(List<Double> bounds, List<Long> counts) {
        return LatencyHistogram.newBuilder()
                .setBucketBoundsMs(bounds)
                .setBucketCounts(counts)
                .build();
    }
}

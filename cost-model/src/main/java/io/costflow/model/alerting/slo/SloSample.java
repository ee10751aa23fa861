package io.costflow.model.alerting.slo;

import io.costflow.model.usage.LatencyMerge;
import io.costflow.schemas.LatencyHistogram;
import io.costflow.schemas.ServiceCostWindow;
import java.time.Instant;

/** Good and total events of one SLO in one cost window {@code [start, end)}. */
public record SloSample(Instant start, Instant end, long revision, long good, long total) {

    public SloSample {
        if (good < 0 || total < good || !end.isAfter(start)) {
            throw new IllegalArgumentException("invalid sample " + good + "/" + total);
        }
    }

    /** Availability: requests without error out of all requests. */
    public static SloSample availability(ServiceCostWindow w) {
        long errors = Math.min(w.getErrorCount(), w.getRequestCount());
        return new SloSample(
                w.getWindowStart(),
                w.getWindowEnd(),
                w.getRevision(),
                w.getRequestCount() - errors,
                w.getRequestCount());
    }

    /**
     * Latency: requests in buckets whose upper bound is at or under the threshold, out of all
     * requests in the histogram. A request in a bucket straddling the threshold counts as slow.
     */
    public static SloSample latency(ServiceCostWindow w, double thresholdMs) {
        LatencyHistogram h = w.getLatency();
        long total = h == null ? 0 : h.getBucketCounts().stream().mapToLong(Long::longValue).sum();
        long good = h == null ? 0 : LatencyMerge.countAtOrBelow(h, thresholdMs);
        return new SloSample(w.getWindowStart(), w.getWindowEnd(), w.getRevision(), good, total);
    }

    long bad() {
        return total - good;
    }
}

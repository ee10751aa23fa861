package io.costflow.model.validation;

import io.costflow.schemas.LatencyHistogram;
import io.costflow.schemas.TelemetryEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Rejects telemetry that cannot be right: no ids, impossible numbers, a broken histogram. */
public final class TelemetryValidator implements RecordValidator<TelemetryEvent> {

    private static final long serialVersionUID = 1L;

    /**
     * The most requests one scrape may count, in total and in its histogram: 10^12, over three
     * billion a second in a five-minute scrape. Window sums add counts as longs, so a bound per
     * scrape is what keeps them from wrapping: a window would need more than nine million scrapes
     * at the bound before it overflowed. Without it, one scrape of {@code Long.MAX_VALUE} would
     * wrap a window's sums negative, and the alert stage would fail on it at every restart.
     */
    public static final long MAX_COUNT = 1_000_000_000_000L;

    private final Duration maxFutureSkew;
    private final Clock clock;

    /** Rejects timestamps more than a day ahead of the system clock. */
    public TelemetryValidator() {
        this(Duration.ofDays(1), Clock.systemUTC());
    }

    /**
     * @param maxFutureSkew how far ahead of {@code clock} an event time may be before it is absurd
     */
    public TelemetryValidator(Duration maxFutureSkew, Clock clock) {
        this.maxFutureSkew = maxFutureSkew;
        this.clock = clock;
    }

    @Override
    public Optional<Rejection> validate(TelemetryEvent e) {
        if (blank(e.getEventId()) || blank(e.getServiceId()) || blank(e.getResourceId())) {
            return reject(Rejection.MISSING_ID, "eventId, serviceId and resourceId are required");
        }
        Instant latestPlausible = clock.instant().plus(maxFutureSkew);
        if (e.getTimestamp().isAfter(latestPlausible)) {
            return reject(
                    Rejection.FUTURE_TIMESTAMP,
                    "timestamp " + e.getTimestamp() + " is after " + latestPlausible);
        }
        if (e.getIntervalSeconds() <= 0) {
            return reject(
                    Rejection.INVALID_PERIOD,
                    "intervalSeconds must be positive, was " + e.getIntervalSeconds());
        }
        if (!isShare(e.getCpuUtilization()) || !isShare(e.getMemoryUtilization())) {
            return reject(
                    Rejection.INVALID_NUMBER,
                    "utilisation must be within 0..1, was cpu="
                            + e.getCpuUtilization()
                            + " memory="
                            + e.getMemoryUtilization());
        }
        if (e.getRequestCount() > MAX_COUNT) {
            return reject(
                    Rejection.INVALID_NUMBER,
                    "requestCount must be at most " + MAX_COUNT + ", was " + e.getRequestCount());
        }
        if (e.getRequestCount() < 0
                || e.getErrorCount() < 0
                || e.getErrorCount() > e.getRequestCount()) {
            return reject(
                    Rejection.INVALID_NUMBER,
                    "need 0 <= errorCount <= requestCount, was errorCount="
                            + e.getErrorCount()
                            + " requestCount="
                            + e.getRequestCount());
        }
        return histogramProblem(e.getLatency())
                .flatMap(p -> reject(Rejection.INVALID_HISTOGRAM, p));
    }

    private static Optional<String> histogramProblem(LatencyHistogram h) {
        List<Double> bounds = h.getBucketBoundsMs();
        List<Long> counts = h.getBucketCounts();
        if (counts.size() != bounds.size() + 1) {
            return Optional.of(
                    "bucketCounts needs bucketBoundsMs + 1 entries, has "
                            + counts.size()
                            + " for "
                            + bounds.size()
                            + " bounds");
        }
        for (int i = 0; i < bounds.size(); i++) {
            double bound = bounds.get(i);
            if (!Double.isFinite(bound) || (i > 0 && bound <= bounds.get(i - 1))) {
                return Optional.of("bucketBoundsMs must be finite and increasing: " + bounds);
            }
        }
        long total = 0;
        for (long count : counts) {
            if (count < 0) {
                return Optional.of("bucketCounts must not be negative: " + counts);
            }
            if (count > MAX_COUNT - total) {
                return Optional.of(
                        "bucketCounts must add up to at most " + MAX_COUNT + ": " + counts);
            }
            total += count;
        }
        return Optional.empty();
    }

    private static boolean isShare(double value) {
        return Double.isFinite(value) && value >= 0 && value <= 1;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static Optional<Rejection> reject(String code, String detail) {
        return Optional.of(new Rejection(code, detail));
    }
}

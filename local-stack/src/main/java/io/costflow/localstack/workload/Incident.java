package io.costflow.localstack.workload;

import java.time.Duration;
import java.time.Instant;

/**
 * A recurring incident of one service, in simulated time: it begins {@code firstStart} after the
 * scenario starts, lasts {@code length} and comes back every {@code every}.
 *
 * @param kind what goes wrong
 * @param severity for {@link Kind#ERRORS} the share of requests that fail; for {@link Kind#LATENCY}
 *     the factor the median latency is multiplied by
 */
public record Incident(
        Kind kind, Duration firstStart, Duration length, Duration every, double severity) {

    /** What an incident does to a service. */
    public enum Kind {
        /** The error ratio jumps to {@code severity}. */
        ERRORS,
        /** The latency histogram shifts: the median is multiplied by {@code severity}. */
        LATENCY
    }

    public Incident {
        if (length.isNegative() || length.isZero() || every.compareTo(length) <= 0) {
            throw new IllegalArgumentException(
                    "an incident must be shorter than its period, was "
                            + length
                            + " every "
                            + every);
        }
    }

    /**
     * Whether the incident is under way at {@code t} of a scenario that started at {@code start}.
     */
    public boolean activeAt(Instant start, Instant t) {
        long sinceFirst = Duration.between(start.plus(firstStart), t).toMillis();
        return sinceFirst >= 0 && sinceFirst % every.toMillis() < length.toMillis();
    }
}

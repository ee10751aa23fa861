package io.costflow.api;

import io.costflow.api.problem.InvalidParam;
import io.costflow.api.problem.ProblemException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The rule every {@code from}/{@code to} query range of the API follows. */
public final class TimeRanges {

    /** The longest range one request may ask for, so a query stays bounded. */
    public static final Duration MAX_RANGE = Duration.ofDays(366);

    private TimeRanges() {}

    /**
     * Checks that {@code from} is before {@code to} and the range is at most {@link #MAX_RANGE}.
     *
     * @throws ProblemException a 400 naming the offending parameter
     */
    public static void check(Instant from, Instant to) {
        if (!from.isBefore(to)) {
            throw ProblemException.invalidParams(
                    List.of(
                            new InvalidParam(
                                    "from", from.toString(), "must be before 'to' (" + to + ")")));
        }
        if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
            throw ProblemException.invalidParams(
                    List.of(
                            new InvalidParam(
                                    "to",
                                    to.toString(),
                                    "must be at most "
                                            + MAX_RANGE.toDays()
                                            + " days after 'from' ("
                                            + from
                                            + ")")));
        }
    }
}

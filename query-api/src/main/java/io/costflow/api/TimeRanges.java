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

    /** The earliest instant a range may name: 0001-01-01T00:00:00Z. */
    public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");

    /** The first instant a range may no longer name: 10000-01-01T00:00:00Z. */
    public static final Instant END_OF_TIME = Instant.parse("+10000-01-01T00:00:00Z");

    private TimeRanges() {}

    /**
     * Checks that {@code from} is before {@code to}, the range is at most {@link #MAX_RANGE} and
     * both lie in the years 1 to 9999.
     *
     * @throws ProblemException a 400 naming the offending parameter
     */
    public static void check(Instant from, Instant to) {
        checkInstant("from", from);
        checkInstant("to", to);
        checkOrder(from, to);
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

    /**
     * Checks that {@code from} is before {@code to}.
     *
     * @throws ProblemException a 400 naming {@code from}
     */
    public static void checkOrder(Instant from, Instant to) {
        if (!from.isBefore(to)) {
            throw ProblemException.invalidParams(
                    List.of(
                            new InvalidParam(
                                    "from", from.toString(), "must be before 'to' (" + to + ")")));
        }
    }

    /**
     * Checks that {@code value} lies in the years 1 to 9999. PostgreSQL stores timestamps up to the
     * year 294276 and refuses later ones with an error, which would otherwise reach the caller as a
     * 500; no cost, metric or alert is dated outside these years.
     *
     * @throws ProblemException a 400 naming {@code name}
     */
    public static void checkInstant(String name, Instant value) {
        if (value.isBefore(EARLIEST) || !value.isBefore(END_OF_TIME)) {
            throw ProblemException.invalidParams(
                    List.of(
                            new InvalidParam(
                                    name,
                                    value.toString(),
                                    "must lie in the years 1 to 9999 (from "
                                            + EARLIEST
                                            + ", before "
                                            + END_OF_TIME
                                            + ")")));
        }
    }
}

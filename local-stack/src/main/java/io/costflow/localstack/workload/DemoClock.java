package io.costflow.localstack.workload;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * The demo's simulated time: it starts at a given instant in the past and runs {@code speed} times
 * faster than the wall clock until it reaches the present, then keeps pace with it. It never runs
 * ahead of the wall clock, so every record's event time is a real, past instant (Kafka brokers
 * refuse record timestamps too far in the future, and so does the pipeline's validation).
 */
public final class DemoClock {

    private final Instant from;
    private final double speed;
    private final Clock wall;
    private final LongSupplier nanoTime;
    private final long startNanos;

    /**
     * @param from the simulated instant at this moment
     * @param speed simulated seconds per real second, at least 1
     */
    public DemoClock(Instant from, double speed, Clock wall, LongSupplier nanoTime) {
        if (!(speed >= 1)) {
            throw new IllegalArgumentException("speed must be at least 1, was " + speed);
        }
        this.from = from;
        this.speed = speed;
        this.wall = wall;
        this.nanoTime = nanoTime;
        this.startNanos = nanoTime.getAsLong();
    }

    /** A clock on the system's wall clock, starting at {@code from} now. */
    public static DemoClock system(Instant from, double speed) {
        return new DemoClock(from, speed, Clock.systemUTC(), System::nanoTime);
    }

    /** The simulated present, truncated to the millisecond. */
    public Instant now() {
        double elapsedNanos = (nanoTime.getAsLong() - startNanos) * speed;
        Instant simulated = from.plus(Duration.ofNanos((long) elapsedNanos));
        Instant real = wall.instant();
        return (simulated.isAfter(real) ? real : simulated)
                .truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    /** Whether the simulated time has reached the wall clock and now keeps pace with it. */
    public boolean caughtUp() {
        return !now().isBefore(wall.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    }

    public double speed() {
        return speed;
    }
}

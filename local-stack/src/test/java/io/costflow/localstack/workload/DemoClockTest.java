package io.costflow.localstack.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoClockTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private static final Instant A_DAY_AGO = NOW.minus(Duration.ofDays(1));

    private final AtomicLong nanos = new AtomicLong(1_000);

    @Test
    void shouldRunSpeedTimesFasterThanTheWallClock() {
        DemoClock clock = clockAt(NOW, A_DAY_AGO, 480);

        nanos.addAndGet(Duration.ofSeconds(3).toNanos());

        assertThat(clock.now()).isEqualTo(A_DAY_AGO.plus(Duration.ofMinutes(24)));
        assertThat(clock.caughtUp()).isFalse();
    }

    @Test
    void shouldNeverRunAheadOfTheWallClock() {
        DemoClock clock = clockAt(NOW, A_DAY_AGO, 480);

        // 3 minutes at 480x would be a day: it stops at the present.
        nanos.addAndGet(Duration.ofMinutes(4).toNanos());

        assertThat(clock.now()).isEqualTo(NOW);
        assertThat(clock.caughtUp()).isTrue();
    }

    @Test
    void shouldRefuseToRunSlowerThanRealTime() {
        assertThatThrownBy(() -> clockAt(NOW, A_DAY_AGO, 0.5))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldReadBackTheSavedScenarioState(@TempDir Path dir) {
        Path file = dir.resolve("scenario.properties");
        ScenarioState state = new ScenarioState(A_DAY_AGO, A_DAY_AGO.plusSeconds(3600));

        assertThat(ScenarioState.load(file)).isEmpty();
        state.save(file);
        state.at(NOW).save(file);

        assertThat(ScenarioState.load(file)).contains(new ScenarioState(A_DAY_AGO, NOW));
    }

    private DemoClock clockAt(Instant wall, Instant from, double speed) {
        return new DemoClock(from, speed, Clock.fixed(wall, ZoneOffset.UTC), nanos::get);
    }
}

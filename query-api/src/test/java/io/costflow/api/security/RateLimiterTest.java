package io.costflow.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private final AtomicLong now = new AtomicLong();

    @Test
    void shouldRefuseWithTimeToNextTokenWhenBurstIsSpent() {
        RateLimiter limiter = new RateLimiter(new RateLimitSettings(true, 2, 3), now::get);

        for (int i = 0; i < 3; i++) {
            assertThat(limiter.acquire("k")).isZero();
        }
        Duration wait = limiter.acquire("k");

        assertThat(wait).isEqualTo(Duration.ofMillis(500));
        assertThat(limiter.acquire("other")).isZero();
    }

    @Test
    void shouldRefillAtTheConfiguredRateButNotBeyondTheBurstWhenTimePasses() {
        RateLimiter limiter = new RateLimiter(new RateLimitSettings(true, 2, 3), now::get);
        for (int i = 0; i < 3; i++) {
            limiter.acquire("k");
        }

        now.addAndGet(Duration.ofMillis(500).toNanos());
        assertThat(limiter.acquire("k")).isZero();
        assertThat(limiter.acquire("k")).isPositive();

        now.addAndGet(Duration.ofHours(1).toNanos());
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.acquire("k")).isZero();
        }
        assertThat(limiter.acquire("k")).isPositive();
    }

    @Test
    void shouldAllowEverythingWhenDisabled() {
        RateLimiter limiter = new RateLimiter(new RateLimitSettings(false, 1, 1), now::get);

        for (int i = 0; i < 100; i++) {
            assertThat(limiter.acquire("k")).isZero();
        }
    }
}

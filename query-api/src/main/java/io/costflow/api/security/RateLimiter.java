package io.costflow.api.security;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/** One token bucket per API key id, refilled continuously; see {@link RateLimitSettings}. */
@Singleton
final class RateLimiter {

    private final RateLimitSettings settings;
    private final LongSupplier nanoTime;
    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    @Inject
    RateLimiter(RateLimitSettings settings) {
        this(settings, System::nanoTime);
    }

    RateLimiter(RateLimitSettings settings, LongSupplier nanoTime) {
        this.settings = settings;
        this.nanoTime = nanoTime;
    }

    /**
     * Takes one request from the key's bucket.
     *
     * @return zero when the request may go ahead, else how long until the key may send again
     */
    Duration acquire(String keyId) {
        if (!settings.enabled()) {
            return Duration.ZERO;
        }
        return buckets.computeIfAbsent(
                        keyId, k -> new Bucket(settings.burst(), nanoTime.getAsLong()))
                .take(settings, nanoTime.getAsLong());
    }

    private static final class Bucket {
        private double tokens;
        private long refilledAt;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.refilledAt = now;
        }

        synchronized Duration take(RateLimitSettings settings, long now) {
            double perNano = settings.requestsPerSecond() / 1e9;
            tokens = Math.min(settings.burst(), tokens + (now - refilledAt) * perNano);
            refilledAt = now;
            if (tokens >= 1) {
                tokens -= 1;
                return Duration.ZERO;
            }
            return Duration.ofNanos((long) Math.ceil((1 - tokens) / perNano));
        }
    }
}

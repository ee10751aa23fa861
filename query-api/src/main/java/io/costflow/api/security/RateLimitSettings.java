package io.costflow.api.security;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * Per-API-key request rate limit under {@code costflow.api.rate-limit}: a token bucket that holds
 * {@code burst} requests and refills at {@code requestsPerSecond}. Benchmarks and tests raise or
 * lower it through these properties.
 *
 * @param enabled whether requests are limited at all
 * @param requestsPerSecond sustained requests per second and key
 * @param burst requests a key may send at once after being idle
 */
@ConfigurationProperties("costflow.api.rate-limit")
public record RateLimitSettings(
        @Bindable(defaultValue = "true") boolean enabled,
        @Bindable(defaultValue = "100") double requestsPerSecond,
        @Bindable(defaultValue = "200") int burst) {

    public RateLimitSettings {
        if (!(requestsPerSecond > 0) || burst < 1) {
            throw new IllegalArgumentException(
                    "costflow.api.rate-limit needs requests-per-second > 0 and burst >= 1, was "
                            + requestsPerSecond
                            + " and "
                            + burst);
        }
    }
}

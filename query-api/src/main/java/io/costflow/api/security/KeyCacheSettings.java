package io.costflow.api.security;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * How long an active API key, once looked up, is trusted without asking PostgreSQL again, under
 * {@code costflow.api.key-cache}. A revocation through this instance takes effect at once; one
 * through another instance of the API takes effect here within {@code ttl}. Zero turns the cache
 * off.
 */
@ConfigurationProperties("costflow.api.key-cache")
public record KeyCacheSettings(@Bindable(defaultValue = "10s") Duration ttl) {}

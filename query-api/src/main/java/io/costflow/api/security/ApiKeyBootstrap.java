package io.costflow.api.security;

import io.costflow.api.ApiConfiguration;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the API can be administered after its first start: stores the configured admin key,
 * and if there is still no key at all, generates an admin key and logs it once. Later starts find a
 * key and log nothing.
 */
@Singleton
class ApiKeyBootstrap {

    private static final Logger LOG = LoggerFactory.getLogger(ApiKeyBootstrap.class);

    private final ApiKeyRepository repository;
    private final ApiConfiguration config;
    private final Clock clock;

    ApiKeyBootstrap(ApiKeyRepository repository, ApiConfiguration config) {
        this.repository = repository;
        this.config = config;
        this.clock = Clock.systemUTC();
    }

    @EventListener
    void onStartup(StartupEvent event) {
        String configured = config.bootstrapAdminKey();
        if (configured != null && configured.isBlank()) {
            configured = null;
        }
        if (configured != null && !ApiKeys.isPlausible(configured)) {
            // Refusing to start beats silently accepting a guessable admin key.
            throw new IllegalStateException(
                    "costflow.api.bootstrap-admin-key must be "
                            + ApiKeys.MIN_CONFIGURED_KEY_LENGTH
                            + " to 256 characters long");
        }
        String generated = ApiKeys.generate();
        if (repository.bootstrap(configured, generated, clock.instant())) {
            LOG.warn(
                    "No API key existed, so an admin key was created. It is shown only now, store"
                            + " it safely: {}",
                    generated);
        }
    }
}

package io.costflow.api.observability;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import javax.sql.DataSource;
import org.reactivestreams.Publisher;

/**
 * Readiness: UP when PostgreSQL answers on a pooled connection within a few seconds. An outage is
 * logged once ({@link OutageLog}); every answer while it lasts names the error.
 */
@Singleton
@Readiness
final class DatabaseReadiness implements HealthIndicator {

    private static final int TIMEOUT_SECONDS = 3;

    private final DataSource dataSource;
    private final ExecutorService blocking;
    private final OutageLog outage = new OutageLog(DatabaseReadiness.class, "PostgreSQL");

    DatabaseReadiness(
            DataSource dataSource, @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        this.dataSource = dataSource;
        this.blocking = blocking;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Publishers.fromCompletableFuture(
                CompletableFuture.supplyAsync(this::check, blocking));
    }

    private HealthResult check() {
        HealthResult.Builder result = HealthResult.builder("postgresql");
        try (Connection c = dataSource.getConnection()) {
            if (c.isValid(TIMEOUT_SECONDS)) {
                outage.up();
                return result.status(HealthStatus.UP)
                        .details(Map.of("database", c.getMetaData().getDatabaseProductName()))
                        .build();
            }
            return result.status(HealthStatus.DOWN)
                    .details(Map.of("error", outage.down("connection not valid")))
                    .build();
        } catch (Exception e) {
            return result.status(HealthStatus.DOWN)
                    .details(Map.of("error", outage.down(e)))
                    .build();
        }
    }
}

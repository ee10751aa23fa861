package io.costflow.api.observability;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.costflow.api.LogCapture;
import io.costflow.infra.FreePorts;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthResult;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import reactor.core.publisher.Mono;

/** Readiness when nothing listens where the database should be (a real, closed port). */
class DatabaseReadinessTest {

    private final ExecutorService blocking = Executors.newSingleThreadExecutor();
    private LogCapture logged;

    @AfterEach
    void tearDown() {
        if (logged != null) {
            logged.close();
        }
        blocking.shutdownNow();
    }

    @Test
    void shouldAnswerDownNamingTheErrorAndLogTheOutageOnceWhenProbedTwice() {
        PGSimpleDataSource nowhere = new PGSimpleDataSource();
        nowhere.setURL("jdbc:postgresql://127.0.0.1:" + FreePorts.pick() + "/postgres");
        nowhere.setConnectTimeout(2);
        DatabaseReadiness readiness = new DatabaseReadiness(nowhere, blocking);
        logged = LogCapture.of(DatabaseReadiness.class);

        HealthResult first = Mono.from(readiness.getResult()).block();
        HealthResult second = Mono.from(readiness.getResult()).block();

        for (HealthResult result : new HealthResult[] {first, second}) {
            assertThat(result.getStatus()).isEqualTo(HealthStatus.DOWN);
            assertThat(((Map<?, ?>) result.getDetails()).get("error").toString())
                    .startsWith("PSQLException: ");
        }
        assertThat(logged.events())
                .singleElement()
                .satisfies(
                        event -> {
                            assertThat(event.getLevel()).isEqualTo(Level.WARN);
                            assertThat(event.getFormattedMessage())
                                    .contains("PostgreSQL does not answer");
                        });
    }
}

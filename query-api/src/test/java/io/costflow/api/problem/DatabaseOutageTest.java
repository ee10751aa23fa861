package io.costflow.api.problem;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.costflow.api.ApiTestClient;
import io.costflow.api.ApiTestClient.Answer;
import io.costflow.api.DataAccessException;
import io.costflow.api.LogCapture;
import io.costflow.infra.FreePorts;
import io.costflow.infra.junit.Await;
import io.costflow.infra.junit.SharedInfrastructure;
import io.costflow.infra.junit.TestDatabase;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The API's answers while its database refuses connections, on a real PostgreSQL: a database of its
 * own whose connections are cut, then allowed again.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseOutageTest implements TestPropertyProvider {

    private final TestDatabase admin = SharedInfrastructure.get().newDatabase();
    private final String database =
            "outage_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);
    private final String adminKey = ApiTestClient.randomAdminKey();
    private TestDatabase own;

    @Inject
    @Client("/")
    HttpClient client;

    @Inject JsonMapper json;

    @Override
    public Map<String, String> getProperties() {
        sql("CREATE DATABASE " + database);
        String url = admin.jdbcUrl();
        own =
                new TestDatabase(
                        "public",
                        url.substring(0, url.lastIndexOf('/') + 1) + database,
                        admin.user(),
                        admin.password());
        Map<String, String> properties = new HashMap<>(ApiTestClient.properties(own, adminKey));
        // A request waits this long for a connection before it is answered 503.
        properties.put("datasources.default.connection-timeout", "1000");
        // Nothing listens here; reads never touch Kafka.
        properties.put("costflow.kafka.bootstrap-servers", "127.0.0.1:" + FreePorts.pick());
        return properties;
    }

    @AfterAll
    void dropDatabase() {
        sql("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }

    @Test
    void shouldAnswer503WithRetryAfterWhenTheDatabaseIsAwayAnd500WhenAQueryFails() {
        ApiTestClient api = new ApiTestClient(client, json);
        String unseen = api.createKey(adminKey, "VIEWER");
        String probesKey = api.createKey(adminKey, "VIEWER");
        assertThat(api.get("/v1/services", adminKey).status()).isEqualTo(200);

        LogCapture logged = LogCapture.of(DataAccessExceptionHandler.class);
        LogCapture keyLookUp = LogCapture.of("io.costflow.api.security.ApiKeyFilter", Level.DEBUG);
        Answer remembered;
        Answer lookedUp;
        Answer probe;
        String retryAfter;
        try (logged;
                keyLookUp) {
            sql("ALTER DATABASE " + database + " WITH ALLOW_CONNECTIONS false");
            sql(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
                            + database
                            + "'");
            // The query fails with the admin key the API remembers; the key's look-up itself
            // fails with one it has never seen.
            remembered = api.get("/v1/services", adminKey);
            lookedUp = api.get("/v1/services", unseen);
            retryAfter = header(HttpRequest.GET("/v1/services").bearerAuth(adminKey));
            // An open endpoint answers anonymously when the key it was sent cannot be looked up.
            probe = api.get("/health/liveness", probesKey);
        } finally {
            sql("ALTER DATABASE " + database + " WITH ALLOW_CONNECTIONS true");
        }

        for (Answer answer : new Answer[] {remembered, lookedUp}) {
            assertThat(answer.status()).as(answer.raw()).isEqualTo(503);
            assertThat(answer.contentType()).isEqualTo(ApiTestClient.PROBLEM_JSON);
            assertThat(answer.text("type"))
                    .isEqualTo(DataAccessExceptionHandler.DATABASE_UNAVAILABLE);
            assertThat(answer.text("detail"))
                    .contains("retry in 5 s")
                    .doesNotContain("127.0.0.1", database);
        }
        assertThat(retryAfter).isEqualTo("5");
        assertThat(probe.status()).as(probe.raw()).isEqualTo(200);
        assertThat(probe.text("status")).isEqualTo("UP");
        assertThat(probe.body().get("details")).isNull();
        assertThat(keyLookUp.events())
                .singleElement()
                .satisfies(event -> assertThat(event.getThrowableProxy()).isNotNull());
        // Connections cut while they sat in the pool fail once each, as a client retrying would
        // find; then the pool has new ones.
        Await.until(
                "the API answers 200 again",
                Duration.ofSeconds(20),
                () -> api.get("/v1/services", adminKey).status() == 200);
        // Three 503s within seconds: one line.
        assertThat(logged.events())
                .singleElement()
                .satisfies(event -> assertThat(event.getLevel()).isEqualTo(Level.WARN));

        // Any other database failure is the server's own: 500, naming nothing.
        sql(own, "ALTER TABLE service_config RENAME TO service_config_elsewhere");
        Answer broken = api.get("/v1/services", adminKey);
        sql(own, "ALTER TABLE service_config_elsewhere RENAME TO service_config");
        assertThat(broken.status()).as(broken.raw()).isEqualTo(500);
        assertThat(broken.text("detail")).doesNotContain("service_config");
    }

    @Test
    void shouldTellAnUnreachableDatabaseFromAFailedQueryWhenClassifyingTheCause() {
        assertThat(
                        DataAccessExceptionHandler.isUnavailable(
                                new DataAccessException("x", new SQLException("refused", "08001"))))
                .isTrue();
        assertThat(
                        DataAccessExceptionHandler.isUnavailable(
                                new DataAccessException(
                                        "x", new SQLException("shutting down", "57P01"))))
                .isTrue();
        assertThat(
                        DataAccessExceptionHandler.isUnavailable(
                                new DataAccessException(
                                        "x", new SQLException("no such table", "42P01"))))
                .isFalse();
        assertThat(
                        DataAccessExceptionHandler.isUnavailable(
                                new DataAccessException(
                                        "x", new SQLException("protocol violation", "08P01"))))
                .isFalse();
    }

    private String header(HttpRequest<?> request) {
        HttpResponse<?> response;
        try {
            response = client.toBlocking().exchange(request, String.class);
        } catch (HttpClientResponseException e) {
            response = e.getResponse();
        }
        return response.getHeaders().get(HttpHeaders.RETRY_AFTER);
    }

    /** Runs {@code statement} in the shared database, from where the API's own is managed. */
    private void sql(String statement) {
        sql(admin, statement);
    }

    private static void sql(TestDatabase db, String statement) {
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            s.execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException(statement, e);
        }
    }
}

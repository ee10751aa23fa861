package io.costflow.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.costflow.api.ApiTestClient;
import io.costflow.api.LogCapture;
import io.costflow.infra.junit.SharedInfrastructure;
import io.costflow.infra.junit.TestDatabase;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.client.HttpClient;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The first admin key: generated and logged once on an empty database, configured otherwise. */
class ApiKeyBootstrapTest {

    private static final Pattern LOGGED_KEY = Pattern.compile("(cfk_[A-Za-z0-9_-]{43})");

    private final TestDatabase db = SharedInfrastructure.get().newDatabase();
    private LogCapture log;

    @BeforeEach
    void captureLog() {
        log = LogCapture.of(ApiKeyBootstrap.class);
    }

    @AfterEach
    void releaseLog() {
        log.close();
    }

    @Test
    void shouldLogGeneratedAdminKeyOnceWhenDatabaseHasNoKey() throws SQLException {
        String key;
        try (EmbeddedServer server = start(Map.of())) {
            List<String> logged = loggedKeys();
            assertThat(logged).hasSize(1);
            key = logged.get(0);
            assertThat(status(server, key)).isEqualTo(201);
        }
        try (EmbeddedServer server = start(Map.of())) {
            assertThat(loggedKeys()).hasSize(1);
            assertThat(status(server, key)).isEqualTo(201);
        }
        assertThat(storedKeyColumns()).doesNotContain(key);
    }

    @Test
    void shouldAcceptConfiguredAdminKeyAndGenerateNoneWhenKeyIsConfigured() {
        String configured = ApiTestClient.randomAdminKey();

        try (EmbeddedServer server =
                start(Map.of("costflow.api.bootstrap-admin-key", configured))) {
            assertThat(loggedKeys()).isEmpty();
            assertThat(status(server, configured)).isEqualTo(201);
        }
    }

    @Test
    void shouldRefuseToStartWhenConfiguredAdminKeyIsTooShort() {
        assertThatThrownBy(() -> start(Map.of("costflow.api.bootstrap-admin-key", "admin")))
                .hasStackTraceContaining("bootstrap-admin-key must be 32 to 256 characters");
    }

    private EmbeddedServer start(Map<String, Object> extra) {
        Map<String, Object> props = new HashMap<>(extra);
        props.put("micronaut.server.port", -1);
        props.put("datasources.default.url", db.jdbcUrl());
        props.put("datasources.default.username", db.user());
        props.put("datasources.default.password", db.password());
        return ApplicationContext.run(EmbeddedServer.class, props);
    }

    /** Creates a key through the admin endpoint; the status tells whether {@code key} is admin. */
    private static int status(EmbeddedServer server, String key) {
        try (HttpClient client = HttpClient.create(server.getURL())) {
            ApiTestClient api =
                    new ApiTestClient(
                            client, server.getApplicationContext().getBean(JsonMapper.class));
            return api.send(
                            io.micronaut.http.HttpRequest.POST(
                                    "/v1/api-keys", Map.of("role", "VIEWER", "description", "x")),
                            key)
                    .status();
        }
    }

    private List<String> loggedKeys() {
        return log.events().stream()
                .map(ILoggingEvent::getFormattedMessage)
                .map(LOGGED_KEY::matcher)
                .filter(Matcher::find)
                .map(m -> m.group(1))
                .toList();
    }

    /** Everything stored about keys, as text, to prove the key itself is not. */
    private String storedKeyColumns() throws SQLException {
        StringBuilder all = new StringBuilder();
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery(
                                "SELECT key_id, encode(key_hash, 'escape'), key_prefix,"
                                        + " description FROM api_key")) {
            while (rs.next()) {
                for (int i = 1; i <= 4; i++) {
                    all.append(rs.getString(i)).append('\n');
                }
            }
        }
        return all.toString();
    }
}

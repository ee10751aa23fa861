package io.costflow.api.change;

import static org.assertj.core.api.Assertions.assertThat;

import io.costflow.api.ApiTestClient;
import io.costflow.api.ApiTestClient.Answer;
import io.costflow.api.ResultFixtures;
import io.costflow.infra.FreePorts;
import io.costflow.infra.junit.SharedInfrastructure;
import io.costflow.infra.junit.TestDatabase;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Apply with no Kafka to publish to: 503, and neither the config nor the history changes. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConfigChangeKafkaDownTest implements TestPropertyProvider {

    private final TestDatabase db = SharedInfrastructure.get().newDatabase();
    private final String adminKey = ApiTestClient.randomAdminKey();

    @Inject
    @Client("/")
    HttpClient client;

    @Inject JsonMapper json;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(ApiTestClient.properties(db, adminKey));
        // Nothing listens here: every send fails once the timeout has passed.
        properties.put("costflow.kafka.bootstrap-servers", "127.0.0.1:" + FreePorts.pick());
        properties.put("costflow.api.kafka-send-timeout", "1s");
        return properties;
    }

    @Test
    void shouldReturn503ProblemAndChangeNothingWhenKafkaIsDown() throws SQLException {
        ApiTestClient api = new ApiTestClient(client, json);
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            s.executeUpdate(
                    "INSERT INTO service_config VALUES ('checkout', 'team-payments', 0.999, 300,"
                            + " 0.99, NULL, 'USD', 'UTC', 'm6i.2xlarge', 4, 1,"
                            + " '2026-11-01T00:00:00Z')");
            ResultFixtures.insertRecommendation(
                    c,
                    "checkout/rightsize",
                    "checkout",
                    "RIGHTSIZE",
                    "OPEN",
                    "m6i.2xlarge",
                    4,
                    "m6i.large",
                    null,
                    null,
                    "840.96");
        }

        Answer answer =
                api.postJson(
                        "/v1/config/apply",
                        "{\"recommendationId\": \"checkout/rightsize\"}",
                        adminKey);

        assertThat(answer.status()).as(answer.raw()).isEqualTo(503);
        assertThat(answer.contentType()).isEqualTo(ApiTestClient.PROBLEM_JSON);
        assertThat(answer.text("type")).isEqualTo("urn:costflow:problem:kafka-unavailable");
        assertThat(answer.text("detail"))
                .contains("checkout/rightsize", "not stored", "retry the same request");
        assertThat(query("SELECT instance_type || ' v' || version FROM service_config"))
                .isEqualTo("m6i.2xlarge v1");
        assertThat(query("SELECT count(*)::text FROM config_change")).isEqualTo("0");
    }

    private String query(String sql) throws SQLException {
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}

package io.costflow.api.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.costflow.api.ApiTestClient;
import io.costflow.api.ApiTestClient.Answer;
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

/** PUT with no Kafka to publish to: 503, and the database keeps nothing. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServiceConfigKafkaDownTest implements TestPropertyProvider {

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
    void shouldReturn503ProblemAndStoreNothingWhenKafkaIsDown() throws SQLException {
        ApiTestClient api = new ApiTestClient(client, json);
        String body =
                """
                {"owner": "team-payments", "availabilityTarget": 0.999,
                 "latencyThresholdMs": 250, "latencyTarget": 0.99, "monthlyBudget": "100",
                 "currency": "USD", "budgetTimeZone": "UTC", "instanceType": "m5.large",
                 "replicas": 2}
                """;

        Answer answer = api.putJson("/v1/services/checkout", body, adminKey);

        assertThat(answer.status()).as(answer.raw()).isEqualTo(503);
        assertThat(answer.contentType()).isEqualTo(ApiTestClient.PROBLEM_JSON);
        assertThat(answer.text("type")).isEqualTo("urn:costflow:problem:kafka-unavailable");
        assertThat(answer.text("detail"))
                .contains("'checkout'", "not stored", "retry the same request");
        assertThat(api.get("/v1/services/checkout", adminKey).status()).isEqualTo(404);
        assertThat(serviceConfigRows()).isZero();
    }

    private long serviceConfigRows() throws SQLException {
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM service_config")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

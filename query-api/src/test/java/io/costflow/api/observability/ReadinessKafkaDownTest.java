package io.costflow.api.observability;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.costflow.api.ApiTestClient;
import io.costflow.api.ApiTestClient.Answer;
import io.costflow.api.LogCapture;
import io.costflow.infra.FreePorts;
import io.costflow.infra.junit.SharedInfrastructure;
import io.costflow.infra.junit.TestDatabase;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** With no Kafka broker where the API expects one, it is alive but not ready. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadinessKafkaDownTest implements TestPropertyProvider {

    private final TestDatabase db = SharedInfrastructure.get().newDatabase();
    private final String adminKey = ApiTestClient.randomAdminKey();

    @Inject
    @Client("/")
    HttpClient client;

    @Inject JsonMapper json;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(ApiTestClient.properties(db, adminKey));
        // Nothing listens here.
        properties.put("costflow.kafka.bootstrap-servers", "127.0.0.1:" + FreePorts.pick());
        return properties;
    }

    @Test
    void shouldAnswer503ReadinessWithKafkaDownWhenNoBrokerAnswers() {
        ApiTestClient api = new ApiTestClient(client, json);
        LogCapture readinessLog = LogCapture.of(KafkaReadiness.class);
        LogCapture healthLog =
                LogCapture.of("io.micronaut.management.health.indicator.HealthResult");
        Answer readiness;
        Answer again;
        Answer liveness;
        try (readinessLog;
                healthLog) {
            readiness = api.get("/health/readiness", adminKey);
            again = api.get("/health/readiness", null);
            liveness = api.get("/health/liveness", null);
        }

        assertThat(
                        readiness
                                .body()
                                .get("details")
                                .get("kafka")
                                .get("details")
                                .get("error")
                                .getStringValue())
                .startsWith("TimeoutException");
        // Without a key, a probe learns the status and nothing about hosts or errors.
        assertThat(again.status()).isEqualTo(503);
        assertThat(again.text("status")).isEqualTo("DOWN");
        assertThat(again.body().get("details")).as(again.raw()).isNull();
        // The outage is logged once, at WARN; no probe logs an ERROR.
        assertThat(readinessLog.events())
                .singleElement()
                .satisfies(event -> assertThat(event.getLevel()).isEqualTo(Level.WARN));
        assertThat(healthLog.events()).noneMatch(event -> event.getLevel() == Level.ERROR);

        assertThat(readiness.status()).as(readiness.raw()).isEqualTo(503);
        assertThat(readiness.text("status")).isEqualTo("DOWN");
        assertThat(readiness.body().get("details").get("kafka").get("status").getStringValue())
                .isEqualTo("DOWN");
        assertThat(readiness.body().get("details").get("postgresql").get("status").getStringValue())
                .isEqualTo("UP");
        assertThat(liveness.status()).isEqualTo(200);
    }
}

package io.costflow.api.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.costflow.api.ApiTestClient;
import io.costflow.infra.junit.Await;
import io.costflow.infra.junit.SharedInfrastructure;
import io.costflow.infra.junit.TestDatabase;
import io.costflow.infra.junit.TestTopics;
import io.costflow.schemas.ServiceConfig;
import io.costflow.schemas.serde.RecordDecodingException;
import io.costflow.schemas.serde.Serdes;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The configs whose {@code deployed_at} the topic lacks (filled in from history by migration V8, or
 * written by an API of the release before) reach the service-config topic; the others are not sent
 * again.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConfigRepublisherTest implements TestPropertyProvider {

    private static final Duration KAFKA_WAIT = Duration.ofSeconds(30);
    private static final Instant DEPLOYED_AT = Instant.parse("2026-11-03T00:00:00Z");

    private final TestDatabase db = SharedInfrastructure.get().newDatabase();
    private final TestTopics topics = SharedInfrastructure.get().newTopics();
    private final String topic = topics.create("service-config", 1);

    @Override
    public Map<String, String> getProperties() {
        // As V8 leaves an existing database, before the API starts on it.
        sql(
                """
                INSERT INTO service_config (service_id, owner, availability_target,
                    latency_threshold_ms, latency_target, monthly_budget, budget_currency,
                    budget_time_zone, instance_type, replicas, version, updated_at, deployed_at,
                    published_version)
                VALUES ('backfilled', 'team', 0.999, 300, 0.99, NULL, 'USD', 'UTC', 'm6i.large', 2,
                        3, '2026-11-05T00:00:00Z', '2026-11-03T00:00:00Z', NULL),
                       ('unchanged', 'team', 0.999, 300, 0.99, NULL, 'USD', 'UTC', 'm6i.large', 4,
                        1, '2026-11-01T00:00:00Z', NULL, NULL),
                       ('published', 'team', 0.999, 300, 0.99, NULL, 'USD', 'UTC', 'm6i.large', 2,
                        2, '2026-11-05T00:00:00Z', '2026-11-03T00:00:00Z', 2)
                """);
        Map<String, String> properties =
                new HashMap<>(
                        ApiTestClient.properties(
                                db,
                                ApiTestClient.randomAdminKey(),
                                topics.bootstrapServers(),
                                topic));
        properties.put("costflow.api.config-republish-interval", "1s");
        return properties;
    }

    @Test
    void shouldPublishEveryConfigTheTopicLacksOnceAtItsVersionWithDeployedAt() throws Exception {
        List<ConsumerRecord<String, byte[]>> read =
                topics.consumeUntil(
                        topic,
                        records -> records.stream().anyMatch(r -> r.key().equals("backfilled")),
                        KAFKA_WAIT);
        Await.until("marked published", KAFKA_WAIT, () -> publishedVersion("backfilled") == 3);

        List<ServiceConfig> published = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : topics.readCommitted(topic, KAFKA_WAIT)) {
            published.add(decode(record.value()));
        }
        assertThat(read).isNotEmpty();
        assertThat(published)
                .extracting(ServiceConfig::getServiceId)
                .as("a config published with deployedAt is not sent again")
                .doesNotContain("published");
        assertThat(published)
                .filteredOn(config -> config.getServiceId().equals("backfilled"))
                .singleElement()
                .satisfies(
                        config -> {
                            assertThat(config.getServiceId()).isEqualTo("backfilled");
                            assertThat(config.getVersion()).isEqualTo(3);
                            assertThat(config.getReplicas()).isEqualTo(2);
                            assertThat(config.getDeployedAt()).isEqualTo(DEPLOYED_AT);
                        });
    }

    /**
     * As an API of the release before writes during a rolling upgrade: PostgreSQL keeps
     * deployed_at, and the config reaches the topic with it on the next run.
     */
    @Test
    void shouldPublishAConfigAnEarlierReleaseChangedWithItsDeployedAt() throws Exception {
        sql(
                "UPDATE service_config SET replicas = 3, version = version + 1,"
                        + " updated_at = '2026-11-06T00:00:00Z' WHERE service_id = 'unchanged'");

        List<ConsumerRecord<String, byte[]>> read =
                topics.consumeUntil(
                        topic,
                        records -> records.stream().anyMatch(r -> r.key().equals("unchanged")),
                        KAFKA_WAIT);

        assertThat(read)
                .filteredOn(r -> r.key().equals("unchanged"))
                .singleElement()
                .satisfies(
                        r -> {
                            ServiceConfig config = decode(r.value());
                            assertThat(config.getVersion()).isEqualTo(2);
                            assertThat(config.getDeployedAt())
                                    .isEqualTo(Instant.parse("2026-11-06T00:00:00Z"));
                        });
    }

    private long publishedVersion(String serviceId) {
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery(
                                "SELECT published_version FROM service_config WHERE service_id = '"
                                        + serviceId
                                        + "'")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ServiceConfig decode(byte[] bytes) {
        try {
            return Serdes.serviceConfig().deserialize(bytes);
        } catch (RecordDecodingException e) {
            throw new AssertionError(e);
        }
    }

    private void sql(String statement) {
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            s.execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException(statement, e);
        }
    }
}

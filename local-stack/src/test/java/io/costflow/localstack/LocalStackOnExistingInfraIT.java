package io.costflow.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.costflow.infra.junit.Await;
import io.costflow.infra.junit.CostflowInfraExtension;
import io.costflow.infra.junit.TestDatabase;
import io.costflow.infra.junit.TestTopics;
import io.costflow.localstack.workload.DemoScenario;
import io.costflow.localstack.workload.DemoService;
import io.costflow.schemas.ServiceConfig;
import io.costflow.schemas.Topics;
import io.costflow.schemas.serde.RecordDecodingException;
import io.costflow.schemas.serde.Serdes;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo pointed at an existing Kafka and PostgreSQL (here the test JVM's shared embedded broker
 * and a fresh database schema): it starts neither of its own, migrates the given database, sends
 * every service's config through the API into that database and onto the compacted topic, and its
 * job writes cost windows there. A restart sends the configs again without changing them.
 */
@ExtendWith(CostflowInfraExtension.class)
class LocalStackOnExistingInfraIT {

    @TempDir Path dataDir;

    @Test
    void shouldRunOnTheGivenKafkaAndPostgresAndPublishEveryServiceConfigOnce(
            TestTopics topics, TestDatabase db) throws Exception {
        Path export = Path.of(getClass().getResource("/focus/messy-export.csv").toURI());
        // Billing from the replayed FOCUS export only: the generator sends telemetry alone.
        WorkloadSettings replayInstead =
                new WorkloadSettings(
                        DemoScenario.STORY_SERVICES,
                        Duration.ofSeconds(10),
                        120,
                        Duration.ofHours(2),
                        42L,
                        false,
                        export);
        StackSettings settings =
                StackSettings.embedded(dataDir, replayInstead)
                        .withWindowSize(Duration.ofMinutes(1))
                        .withParallelism(1)
                        .withExternal(
                                topics.bootstrapServers(),
                                new StackSettings.Database(db.jdbcUrl(), db.user(), db.password()));

        try (LocalStack stack = LocalStack.start(settings)) {
            assertThat(stack.kafkaBootstrapServers()).isEqualTo(topics.bootstrapServers());
            assertThat(stack.jdbcUrl()).isEqualTo(db.jdbcUrl());
            assertThat(dataDir.resolve("kafka")).doesNotExist();
            assertThat(dataDir.resolve("postgres")).doesNotExist();

            Map<String, String> configs = configRows(db);
            assertThat(configs).hasSize(DemoScenario.STORY_SERVICES);
            for (DemoService s : stack.services()) {
                assertThat(configs.get(s.serviceId()))
                        .isEqualTo(
                                s.owner()
                                        + "/"
                                        + s.instanceType()
                                        + "/"
                                        + s.replicas()
                                        + "/"
                                        + s.monthlyBudget().setScale(2)
                                        + "/v1");
            }
            Map<String, ServiceConfig> onTopic = new HashMap<>();
            Await.until(
                    "every config is on the compacted topic",
                    Duration.ofSeconds(30),
                    () -> {
                        onTopic.putAll(configsOnTopic(topics));
                        return onTopic.size() == DemoScenario.STORY_SERVICES;
                    });
            assertThat(onTopic.get(DemoScenario.OVER_BUDGET).getMonthlyBudget())
                    .isEqualByComparingTo(
                            stack.services().stream()
                                    .filter(s -> s.serviceId().equals(DemoScenario.OVER_BUDGET))
                                    .findFirst()
                                    .orElseThrow()
                                    .monthlyBudget());

            Await.until(
                    "cost windows reach the given database",
                    Duration.ofSeconds(120),
                    () -> count(db, "SELECT count(*) FROM cost_window") > 0);
            assertThat(stack.status()).containsPattern("windows [1-9]");

            Await.until(
                    "the export is replayed",
                    Duration.ofSeconds(60),
                    () ->
                            stack.status()
                                    .contains(
                                            "replayed messy-export.csv: 13 rows read, 8"
                                                    + " published, 5 rejected"));
            assertThat(stack.status()).contains("telemetry, 0 billing (0 restated)");
            // The 8 usable rows of the export, and no generated line.
            assertThat(topics.readCommitted(Topics.BILLING, Duration.ofSeconds(10))).hasSize(8);
        }

        try (LocalStack restarted = LocalStack.start(settings)) {
            assertThat(configRows(db).values()).allSatisfy(v -> assertThat(v).endsWith("/v1"));
        }
    }

    /** owner/instance type/replicas/budget/version per service. */
    private static Map<String, String> configRows(TestDatabase db) throws SQLException {
        Map<String, String> rows = new HashMap<>();
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery(
                                "SELECT service_id, owner, instance_type, replicas,"
                                        + " monthly_budget, version FROM service_config")) {
            while (rs.next()) {
                BigDecimal budget = rs.getBigDecimal(5);
                rows.put(
                        rs.getString(1),
                        rs.getString(2)
                                + "/"
                                + rs.getString(3)
                                + "/"
                                + rs.getInt(4)
                                + "/"
                                + budget.setScale(2)
                                + "/v"
                                + rs.getLong(6));
            }
        }
        return rows;
    }

    /** The latest config per service on the compacted topic. */
    private static Map<String, ServiceConfig> configsOnTopic(TestTopics topics) {
        Map<String, ServiceConfig> configs = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r :
                topics.readCommitted(Topics.SERVICE_CONFIG, Duration.ofSeconds(10))) {
            try {
                configs.put(r.key(), Serdes.serviceConfig().deserialize(r.value()));
            } catch (RecordDecodingException e) {
                throw new AssertionError("not a ServiceConfig on the config topic", e);
            }
        }
        return configs;
    }

    private static long count(TestDatabase db, String sql) {
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return -1;
        }
    }
}

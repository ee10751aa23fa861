package io.costflow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.costflow.infra.junit.CostflowInfraExtension;
import io.costflow.infra.junit.TestDatabase;
import io.costflow.infra.junit.TestTopics;
import io.costflow.model.ServiceAttribution;
import io.costflow.schemas.CostStatus;
import io.costflow.schemas.DeadLetter;
import io.costflow.schemas.ServiceCostWindow;
import io.costflow.schemas.serde.RecordDecodingException;
import io.costflow.schemas.serde.Serdes;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reconciliation on real Kafka, real PostgreSQL and a MiniCluster at parallelism 2: after thousands
 * of line items with restatements, duplicates, corrections, credits, out-of-order and late
 * arrivals, the cost in PostgreSQL and on the cost-windows topic equals — to the last unit, per
 * service — the sum of the latest versions of what was accepted, and every rejected record is on
 * the dead-letter topic.
 */
@ExtendWith(CostflowInfraExtension.class)
class CostWindowJobIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    // Static, so it is removed after the class's MiniCluster has shut down: a directory per test
    // was removed while the cancelled job's last checkpoint files were still being written.
    @TempDir static Path checkpoints;

    @Test
    void shouldReconcileToTheLatestVersionsPerServiceWhenBillingIsMessy(
            TestTopics topics, TestDatabase db) throws Exception {
        Configuration options = options(topics, db);
        ReconciliationScenario scenario =
                new ReconciliationScenario(
                        options.get(PipelineOptions.TELEMETRY_TOPIC),
                        options.get(PipelineOptions.BILLING_TOPIC),
                        2026L);
        assertThat(scenario.lineItems()).isGreaterThan(1300);
        assertThat(scenario.billing).hasSizeGreaterThan(1800);
        produce(topics, scenario);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.configure(EmbeddedFlinkConfig.create(checkpoints, Duration.ofSeconds(1)));
        env.setParallelism(2);
        CostWindowJob.fromOptions(options).defineWorkflow(env);
        env.execute("cost-window-reconciliation");

        Map<String, BigDecimal> expected = scenario.expectedBilledByService();
        assertThat(expected).containsKey(ServiceAttribution.UNALLOCATED);

        Map<String, BigDecimal> inPostgres = billedByServiceInPostgres(db);
        assertThat(inPostgres.keySet()).isEqualTo(expected.keySet());
        expected.forEach(
                (service, cost) ->
                        assertThat(inPostgres.get(service)).as(service).isEqualByComparingTo(cost));
        assertThat(sum(inPostgres)).isEqualByComparingTo(scenario.expectedTotal());
        assertThat(requestsByServiceInPostgres(db))
                .as("each scrape counted once, repeats included")
                .isEqualTo(scenario.expectedRequestsByService);
        assertThat(statusesInPostgres(db))
                .as("every window has billing; restated and corrected ones say so")
                .containsOnly(CostStatus.BILLED.name(), CostStatus.CORRECTED.name())
                .contains(CostStatus.CORRECTED.name());

        Map<String, BigDecimal> onKafka =
                billedByServiceOnKafka(
                        topics.readCommitted(
                                options.get(PipelineOptions.COST_WINDOWS_TOPIC),
                                Duration.ofSeconds(30)));
        expected.forEach(
                (service, cost) ->
                        assertThat(onKafka.get(service)).as(service).isEqualByComparingTo(cost));

        List<ConsumerRecord<String, byte[]>> letters =
                topics.readCommitted(
                        options.get(PipelineOptions.DEAD_LETTER_TOPIC), Duration.ofSeconds(30));
        assertThat(letters).hasSize(scenario.rejectedBilling);
        assertThat(letters)
                .extracting(r -> decode(r.value()).getReasonCode())
                .containsOnly("not-single-object-encoded", "wrong-currency");
    }

    static Configuration options(TestTopics topics, TestDatabase db) {
        Configuration options = new Configuration();
        options.set(PipelineOptions.KAFKA_BOOTSTRAP_SERVERS, topics.bootstrapServers());
        options.set(PipelineOptions.KAFKA_GROUP_ID, "cost-window-job-it");
        options.set(PipelineOptions.TELEMETRY_TOPIC, topics.create("telemetry", 2));
        options.set(PipelineOptions.BILLING_TOPIC, topics.create("billing", 2));
        options.set(PipelineOptions.DEAD_LETTER_TOPIC, topics.create("dead-letter", 1));
        options.set(PipelineOptions.COST_WINDOWS_TOPIC, topics.create("cost-windows", 2));
        options.set(PipelineOptions.TRANSACTIONAL_ID_PREFIX, "it-" + System.nanoTime());
        options.set(PipelineOptions.BOUNDED, true);
        options.set(PipelineOptions.WINDOW_SIZE, ReconciliationScenario.WINDOW);
        // Billing's clock runs a minute behind its newest charge, so the shuffled lines arrive
        // late and re-fire their windows; a day of lateness keeps every one of them.
        options.set(PipelineOptions.BILLING_MAX_OUT_OF_ORDERNESS, Duration.ofMinutes(1));
        options.set(PipelineOptions.ALLOWED_LATENESS, Duration.ofDays(1));
        options.set(PipelineOptions.JDBC_URL, db.jdbcUrl());
        options.set(PipelineOptions.JDBC_USER, db.user());
        options.set(PipelineOptions.JDBC_PASSWORD, db.password());
        return options;
    }

    static void produce(TestTopics topics, ReconciliationScenario scenario) {
        try (KafkaProducer<String, byte[]> producer = topics.producer()) {
            scenario.telemetry.forEach(producer::send);
            scenario.billing.forEach(producer::send);
            producer.flush();
        }
    }

    static Map<String, BigDecimal> billedByServiceInPostgres(TestDatabase db) throws Exception {
        Map<String, BigDecimal> billed = new HashMap<>();
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT service_id, billed_cost FROM cost_window")) {
            while (rs.next()) {
                billed.merge(rs.getString(1), rs.getBigDecimal(2), BigDecimal::add);
            }
        }
        return billed;
    }

    static Map<String, Long> requestsByServiceInPostgres(TestDatabase db) throws Exception {
        Map<String, Long> requests = new HashMap<>();
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery(
                                "SELECT service_id, sum(request_count) FROM cost_window"
                                        + " WHERE service_id <> '"
                                        + ServiceAttribution.UNALLOCATED
                                        + "' GROUP BY service_id")) {
            while (rs.next()) {
                requests.put(rs.getString(1), rs.getLong(2));
            }
        }
        return requests;
    }

    static Set<String> statusesInPostgres(TestDatabase db) throws Exception {
        Set<String> statuses = new HashSet<>();
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT DISTINCT status FROM cost_window")) {
            while (rs.next()) {
                statuses.add(rs.getString(1));
            }
        }
        return statuses;
    }

    /** Sums the latest revision of each (service, window); fails on a revision seen twice. */
    static Map<String, BigDecimal> billedByServiceOnKafka(
            List<ConsumerRecord<String, byte[]>> records) throws RecordDecodingException {
        Map<String, ServiceCostWindow> latest = new HashMap<>();
        Set<String> revisions = new HashSet<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            ServiceCostWindow w = Serdes.costWindow().deserialize(record.value());
            String window = w.getServiceId() + "@" + w.getWindowStart();
            assertThat(revisions.add(window + "#" + w.getRevision()))
                    .as("revision %d of %s delivered once", w.getRevision(), window)
                    .isTrue();
            latest.merge(window, w, (a, b) -> a.getRevision() >= b.getRevision() ? a : b);
        }
        Map<String, BigDecimal> billed = new HashMap<>();
        latest.values()
                .forEach(w -> billed.merge(w.getServiceId(), w.getBilledCost(), BigDecimal::add));
        return billed;
    }

    private static DeadLetter decode(byte[] bytes) {
        try {
            return Serdes.deadLetter().deserialize(bytes);
        } catch (RecordDecodingException e) {
            throw new AssertionError(e);
        }
    }

    private static BigDecimal sum(Map<String, BigDecimal> values) {
        return values.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}

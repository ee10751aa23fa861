package io.costflow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.costflow.infra.junit.Await;
import io.costflow.infra.junit.CostflowInfraExtension;
import io.costflow.infra.junit.TestDatabase;
import io.costflow.infra.junit.TestTopics;
import io.costflow.schemas.Decimals;
import io.costflow.schemas.ServiceCostWindow;
import io.costflow.schemas.serde.RecordDecodingException;
import io.costflow.schemas.serde.Serdes;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The pipeline's shaded jar on a real standalone Flink cluster — JobManager and TaskManager in
 * their own JVMs on Flink's jars, configured from {@code flink-conf/config.yaml} — submitted
 * through the REST API. Half of a messy billing hour goes in, the job is stopped with a savepoint,
 * the rest goes in and the job resumes from the savepoint: PostgreSQL and the exactly-once
 * cost-window topic then show exactly the sums of the inputs, per service, with no revision
 * delivered twice — what an uninterrupted run shows.
 */
@ExtendWith(CostflowInfraExtension.class)
class StandaloneClusterIT {

    private static final int PARALLELISM = 2;
    private static final Duration PROCESSING = Duration.ofSeconds(120);

    private static StandaloneFlinkCluster cluster;
    private static Path work;

    @BeforeAll
    static void startCluster() throws Exception {
        Path logs = Path.of(System.getProperty("costflow.it.cluster-logs"));
        work = Files.createTempDirectory(Files.createDirectories(logs.getParent()), "run-");
        cluster =
                StandaloneFlinkCluster.start(
                        Path.of(System.getProperty("costflow.it.flink-conf")),
                        Files.readString(Path.of(System.getProperty("costflow.it.flink-classpath")))
                                .trim(),
                        work,
                        logs.resolve(work.getFileName()),
                        clusterOverrides(work));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /**
     * What this machine needs differently from {@code flink-conf/config.yaml}: writable state
     * directories, a small cluster, frequent checkpoints (the exactly-once topic commits on them)
     * and a bounded restart strategy, so a broken job fails the test instead of retrying forever.
     */
    private static Map<String, String> clusterOverrides(Path work) {
        Map<String, String> overrides = new HashMap<>();
        overrides.put(
                "execution.checkpointing.dir", work.resolve("checkpoints").toUri().toString());
        overrides.put(
                "execution.checkpointing.savepoint-dir",
                work.resolve("savepoints").toUri().toString());
        overrides.put("execution.checkpointing.interval", "2s");
        overrides.put("restart-strategy.type", "fixed-delay");
        overrides.put("restart-strategy.fixed-delay.attempts", "3");
        overrides.put("restart-strategy.fixed-delay.delay", "1s");
        overrides.put("jobmanager.memory.process.size", "768m");
        overrides.put("taskmanager.memory.process.size", "1280m");
        overrides.put("taskmanager.numberOfTaskSlots", Integer.toString(PARALLELISM));
        overrides.put("process.working-dir", work.resolve("process").toString());
        return overrides;
    }

    @Test
    void shouldShowTheUninterruptedResultWhenTheJarResumesFromASavepointOnAStandaloneCluster(
            TestTopics topics, TestDatabase db) throws Exception {
        Configuration options = options(topics, db);
        ReconciliationScenario scenario =
                new ReconciliationScenario(
                        options.get(PipelineOptions.TELEMETRY_TOPIC),
                        options.get(PipelineOptions.BILLING_TOPIC),
                        11L);
        int half = scenario.billing.size() / 2;
        Map<String, BigDecimal> expectedAfterHalf =
                withoutSentinel(scenario.expectedBilledByService(half));
        Map<String, BigDecimal> expected = withoutSentinel(scenario.expectedBilledByService());
        assertThat(expected).isNotEqualTo(expectedAfterHalf);

        String jar = cluster.upload(Path.of(System.getProperty("costflow.it.job-jar")));
        JobID first = cluster.run(jar, arguments(options), PARALLELISM, null);
        try (KafkaProducer<String, byte[]> producer = topics.producer()) {
            scenario.telemetry.forEach(producer::send);
            scenario.billing.subList(0, half).forEach(producer::send);
            advanceEveryPartition(producer, options, "first", Duration.ofHours(2));
            producer.flush();
        }
        awaitPostgres("PostgreSQL shows the first half", first, db, expectedAfterHalf);

        String savepoint = cluster.stopWithSavepoint(first);
        assertThat(cluster.status(first)).isEqualTo(JobStatus.FINISHED);
        assertThat(Path.of(URI.create(savepoint)))
                .as("the savepoint went to the configured savepoint directory")
                .startsWith(work.resolve("savepoints"));
        assertThat(billedOnKafka(topics, options))
                .as("the stop's savepoint committed the first half's transactions")
                .isEqualTo(expectedAfterHalf);

        // Restatements and duplicates of the first half's lines are among the rest: only the
        // savepoint's state turns them into corrections instead of a second charge.
        try (KafkaProducer<String, byte[]> producer = topics.producer()) {
            scenario.billing.subList(half, scenario.billing.size()).forEach(producer::send);
            advanceEveryPartition(producer, options, "second", Duration.ofHours(3));
            producer.flush();
        }
        JobID resumed = cluster.run(jar, arguments(options), PARALLELISM, savepoint);
        assertThat(resumed).isNotEqualTo(first);
        awaitPostgres("PostgreSQL shows every input once", resumed, db, expected);
        Await.until(
                "the cost-window topic shows every input once",
                PROCESSING,
                () -> expected.equals(billedOnKafka(topics, options)));
        assertThat(sum(billedInPostgres(db))).isEqualByComparingTo(scenario.expectedTotal());
        assertThat(cluster.status(resumed)).isEqualTo(JobStatus.RUNNING);
    }

    /** The job's options: the test's topics and schema, one-minute windows, a day's lateness. */
    private static Configuration options(TestTopics topics, TestDatabase db) {
        Configuration options = new Configuration();
        options.set(PipelineOptions.KAFKA_BOOTSTRAP_SERVERS, topics.bootstrapServers());
        options.set(PipelineOptions.KAFKA_GROUP_ID, "standalone-cluster-it");
        options.set(PipelineOptions.TELEMETRY_TOPIC, topics.create("telemetry", 2));
        options.set(PipelineOptions.BILLING_TOPIC, topics.create("billing", 2));
        options.set(PipelineOptions.SERVICE_CONFIG_TOPIC, topics.create("service-config", 1));
        options.set(PipelineOptions.DEAD_LETTER_TOPIC, topics.create("dead-letter", 1));
        options.set(PipelineOptions.COST_WINDOWS_TOPIC, topics.create("cost-windows", 2));
        options.set(PipelineOptions.TRANSACTIONAL_ID_PREFIX, "cluster-it-" + System.nanoTime());
        options.set(PipelineOptions.WINDOW_SIZE, ReconciliationScenario.WINDOW);
        options.set(PipelineOptions.BILLING_MAX_OUT_OF_ORDERNESS, Duration.ofMinutes(1));
        options.set(PipelineOptions.ALLOWED_LATENESS, Duration.ofDays(1));
        options.set(PipelineOptions.JDBC_URL, db.jdbcUrl());
        options.set(PipelineOptions.JDBC_USER, db.user());
        options.set(PipelineOptions.JDBC_PASSWORD, db.password());
        return options;
    }

    /** {@code --key value} pairs, as the job's main method reads them. */
    private static List<String> arguments(Configuration options) {
        List<String> args = new ArrayList<>();
        options.toMap()
                .forEach(
                        (key, value) -> {
                            args.add("--" + key);
                            args.add(value);
                        });
        return args;
    }

    /**
     * A record {@code after} the scenario's beginning on every partition of both inputs moves both
     * clocks past the scenario, so its windows fire; the scenario's later records stay within the
     * allowed lateness.
     */
    private static void advanceEveryPartition(
            KafkaProducer<String, byte[]> producer,
            Configuration options,
            String round,
            Duration after) {
        Instant later = ReconciliationScenario.BEGINNING.plus(after);
        for (int partition = 0; partition < 2; partition++) {
            String line = "sentinel-" + round + "-" + partition;
            producer.send(
                    new ProducerRecord<>(
                            options.get(PipelineOptions.TELEMETRY_TOPIC),
                            partition,
                            "sentinel",
                            Serdes.telemetry()
                                    .serialize(
                                            Fixtures.telemetry(
                                                    "sentinel", "sentinel-r", later, 1, 0))));
            producer.send(
                    new ProducerRecord<>(
                            options.get(PipelineOptions.BILLING_TOPIC),
                            partition,
                            line,
                            Serdes.billing()
                                    .serialize(Fixtures.usage(line, "sentinel", later, "0"))));
        }
    }

    private static void awaitPostgres(
            String what, JobID job, TestDatabase db, Map<String, BigDecimal> expected) {
        Await.until(
                what,
                PROCESSING,
                () -> {
                    cluster.assertProcessesAlive();
                    assertThat(status(job))
                            .as("job %s (logs in %s)", job, cluster.logDir())
                            .isNotIn(JobStatus.FAILED, JobStatus.FAILING, JobStatus.CANCELED);
                    return expected.equals(billedInPostgres(db));
                });
    }

    private static JobStatus status(JobID job) {
        try {
            return cluster.status(job);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Billed cost per service in PostgreSQL, at the contract scale, without the sentinel. */
    private static Map<String, BigDecimal> billedInPostgres(TestDatabase db) {
        Map<String, BigDecimal> billed = new HashMap<>();
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT service_id, billed_cost FROM cost_window")) {
            while (rs.next()) {
                billed.merge(rs.getString(1), rs.getBigDecimal(2), BigDecimal::add);
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return withoutSentinel(billed);
    }

    /**
     * Billed cost per service of the latest committed revision of each window on the cost-window
     * topic; fails when a revision of a window is delivered twice.
     */
    private static Map<String, BigDecimal> billedOnKafka(TestTopics topics, Configuration options) {
        List<ConsumerRecord<String, byte[]>> records =
                topics.readCommitted(
                        options.get(PipelineOptions.COST_WINDOWS_TOPIC), Duration.ofSeconds(30));
        Map<String, ServiceCostWindow> latest = new HashMap<>();
        Set<String> revisions = new HashSet<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            ServiceCostWindow w = decode(record.value());
            String window = w.getServiceId() + "@" + w.getWindowStart();
            assertThat(revisions.add(window + "#" + w.getRevision()))
                    .as("revision %d of %s delivered once", w.getRevision(), window)
                    .isTrue();
            latest.merge(window, w, (a, b) -> a.getRevision() >= b.getRevision() ? a : b);
        }
        Map<String, BigDecimal> billed = new HashMap<>();
        latest.values()
                .forEach(w -> billed.merge(w.getServiceId(), w.getBilledCost(), BigDecimal::add));
        return withoutSentinel(billed);
    }

    private static ServiceCostWindow decode(byte[] bytes) {
        try {
            return Serdes.costWindow().deserialize(bytes);
        } catch (RecordDecodingException e) {
            throw new AssertionError(e);
        }
    }

    private static Map<String, BigDecimal> withoutSentinel(Map<String, BigDecimal> billed) {
        Map<String, BigDecimal> result = new HashMap<>();
        billed.forEach(
                (service, cost) -> {
                    if (!service.equals("sentinel")) {
                        result.put(service, Decimals.normalize(cost));
                    }
                });
        return result;
    }

    private static BigDecimal sum(Map<String, BigDecimal> values) {
        return values.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}

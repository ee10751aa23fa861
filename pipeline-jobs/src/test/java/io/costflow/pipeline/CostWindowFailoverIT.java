package io.costflow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.costflow.infra.junit.Await;
import io.costflow.infra.junit.CostflowInfraExtension;
import io.costflow.infra.junit.TestDatabase;
import io.costflow.infra.junit.TestTopics;
import io.costflow.schemas.serde.Serdes;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TaskManager dies mid-stream: after the job recovers from its last checkpoint (on a replacement
 * TaskManager), PostgreSQL and a {@code read_committed} consumer of the cost-window topic show
 * exactly what a run without the failure shows — no lost and no doubled cost, and no revision
 * delivered twice.
 */
@ExtendWith(CostflowInfraExtension.class)
class CostWindowFailoverIT {

    /** One slot per TaskManager, so the job runs on both and losing either one fails it. */
    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(2)
                            .setNumberSlotsPerTaskManager(1)
                            .build());

    // Static, so it is removed after the class's MiniCluster has shut down: a directory per test
    // was removed while the cancelled job's last checkpoint files were still being written.
    @TempDir static Path checkpoints;

    @Test
    void shouldShowExactlyTheNoFailureResultWhenATaskManagerIsLostMidStream(
            TestTopics topics, TestDatabase db, @InjectMiniCluster MiniCluster cluster)
            throws Exception {
        Configuration options = CostWindowJobIT.options(topics, db);
        options.set(PipelineOptions.BOUNDED, false);
        options.set(PipelineOptions.KAFKA_GROUP_ID, "failover-it");
        ReconciliationScenario scenario =
                new ReconciliationScenario(
                        options.get(PipelineOptions.TELEMETRY_TOPIC),
                        options.get(PipelineOptions.BILLING_TOPIC),
                        7L);
        Map<String, BigDecimal> expected = scenario.expectedBilledByService();

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.configure(EmbeddedFlinkConfig.create(checkpoints, Duration.ofMillis(500)));
        env.setParallelism(2);
        CostWindowJob.fromOptions(options).defineWorkflow(env);
        JobClient job = env.executeAsync("cost-window-failover");
        try (KafkaProducer<String, byte[]> producer = topics.producer()) {
            // The first half, then the failure once a checkpoint holds some of it.
            int half = scenario.billing.size() / 2;
            scenario.telemetry.forEach(producer::send);
            scenario.billing.subList(0, half).forEach(producer::send);
            producer.flush();
            Await.until(
                    "a checkpoint completed",
                    Duration.ofSeconds(60),
                    () -> CheckpointFiles.any(checkpoints));

            cluster.terminateTaskManager(0).get();
            cluster.startTaskManager();

            scenario.billing.subList(half, scenario.billing.size()).forEach(producer::send);
            advanceEveryPartitionPastTheScenario(producer, options);
            producer.flush();
        }

        Await.until(
                "PostgreSQL reconciles after the failover",
                Duration.ofSeconds(120),
                () -> expected.equals(rounded(billedInPostgres(db))));
        Await.until(
                "the cost-window topic reconciles after the failover",
                Duration.ofSeconds(120),
                () -> expected.equals(rounded(billedOnKafka(topics, options))));
        assertThat(
                        cluster.getExecutionGraph(job.getJobID())
                                .get()
                                .getStatusTimestamp(JobStatus.RESTARTING))
                .as("the job restarted after losing a TaskManager")
                .isPositive();
        job.cancel().get();
    }

    /**
     * Unbounded sources only close windows when the watermark passes them: a record a day later on
     * every partition moves both clocks past the whole scenario.
     */
    private static void advanceEveryPartitionPastTheScenario(
            KafkaProducer<String, byte[]> producer, Configuration options) {
        Instant later = ReconciliationScenario.BEGINNING.plus(Duration.ofDays(1));
        for (int partition = 0; partition < 2; partition++) {
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
                            "sentinel-" + partition,
                            Serdes.billing()
                                    .serialize(
                                            Fixtures.usage(
                                                    "sentinel-" + partition,
                                                    "sentinel",
                                                    later,
                                                    "0"))));
        }
    }

    private static Map<String, BigDecimal> billedInPostgres(TestDatabase db) {
        try {
            return CostWindowJobIT.billedByServiceInPostgres(db);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Map<String, BigDecimal> billedOnKafka(TestTopics topics, Configuration options) {
        try {
            return CostWindowJobIT.billedByServiceOnKafka(
                    topics.readCommitted(
                            options.get(PipelineOptions.COST_WINDOWS_TOPIC),
                            Duration.ofSeconds(30)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Per service at the contract scale, without the sentinel, for an exact comparison. */
    private static Map<String, BigDecimal> rounded(Map<String, BigDecimal> billed) {
        Map<String, BigDecimal> result = new java.util.HashMap<>();
        billed.forEach(
                (service, cost) -> {
                    if (!service.equals("sentinel")) {
                        result.put(service, io.costflow.schemas.Decimals.normalize(cost));
                    }
                });
        return result;
    }

    /** Looks for a completed checkpoint under the checkpoint directory. */
    static final class CheckpointFiles {
        static boolean any(Path dir) {
            try (var files = java.nio.file.Files.walk(dir, 3)) {
                return files.anyMatch(p -> p.getFileName().toString().equals("_metadata"));
            } catch (java.io.IOException e) {
                return false;
            }
        }

        private CheckpointFiles() {}
    }
}

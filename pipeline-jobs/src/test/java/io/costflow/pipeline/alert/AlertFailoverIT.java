package io.costflow.pipeline.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.costflow.infra.junit.Await;
import io.costflow.infra.junit.CostflowInfraExtension;
import io.costflow.infra.junit.TestDatabase;
import io.costflow.infra.junit.TestTopics;
import io.costflow.pipeline.CostflowJob;
import io.costflow.pipeline.PipelineOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TaskManager dies in the middle of {@link AlertScenario}, after the error incident has paged and
 * before it resolves: once the job has recovered from its last checkpoint on a replacement
 * TaskManager, every expected transition is on the topics and in PostgreSQL, and whatever was sent
 * twice carries the same alertId (the sets of ids are exactly the expected ones).
 */
@ExtendWith(CostflowInfraExtension.class)
class AlertFailoverIT {

    /** One slot per TaskManager, so the job runs on both and losing either one fails it. */
    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(2)
                            .setNumberSlotsPerTaskManager(1)
                            .build());

    private static final int FAILURE_MINUTE = 10;

    // Static, so it is removed after the class's MiniCluster has shut down: a directory per test
    // was removed while the cancelled job's last checkpoint files were still being written.
    @TempDir static Path checkpoints;

    @Test
    void shouldLoseNoTransitionAndRepeatOnlySameIdsWhenATaskManagerIsLost(
            TestTopics topics, TestDatabase db, @InjectMiniCluster MiniCluster cluster)
            throws Exception {
        Configuration options = AlertScenario.options(topics, db);
        options.set(PipelineOptions.KAFKA_GROUP_ID, "alert-failover-it");
        AlertScenario.produceConfigs(topics, options);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.configure(AlertScenario.cluster(checkpoints, Duration.ofMillis(500)));
        env.setParallelism(2);
        CostflowJob.fromOptions(options).defineWorkflow(env);
        JobClient job = env.executeAsync("alert-failover");
        try {
            AlertScenario.produceMinutes(topics, db, options, 0, FAILURE_MINUTE);
            Await.until(
                    "the error incident paged",
                    Duration.ofSeconds(30),
                    () -> !AlertScenario.alertIdsInPostgres(db, "sla_alert").isEmpty());
            long before = latestCheckpoint(checkpoints);
            Await.until(
                    "a checkpoint completed after the page",
                    Duration.ofSeconds(30),
                    () -> latestCheckpoint(checkpoints) > before);

            cluster.terminateTaskManager(0).get();
            cluster.startTaskManager();

            AlertScenario.produceMinutes(
                    topics, db, options, FAILURE_MINUTE, AlertScenario.MINUTES + 1);

            Set<String> sla = AlertScenario.expectedSlaAlerts();
            Set<String> budget = AlertScenario.expectedBudgetAlerts();
            var slaRecords =
                    topics.consumeUntil(
                            options.get(PipelineOptions.ALERT_SLA_TOPIC),
                            read -> AlertScenario.alertIds(read, true).containsAll(sla),
                            Duration.ofSeconds(30));
            var budgetRecords =
                    topics.consumeUntil(
                            options.get(PipelineOptions.ALERT_BUDGET_TOPIC),
                            read -> AlertScenario.alertIds(read, false).containsAll(budget),
                            Duration.ofSeconds(30));
            assertThat(AlertScenario.alertIds(slaRecords, true))
                    .containsExactlyInAnyOrderElementsOf(sla);
            assertThat(AlertScenario.alertIds(budgetRecords, false))
                    .containsExactlyInAnyOrderElementsOf(budget);
            Await.until(
                    "every expected alert in PostgreSQL",
                    Duration.ofSeconds(30),
                    () ->
                            AlertScenario.alertIdsInPostgres(db, "sla_alert").equals(sla)
                                    && AlertScenario.alertIdsInPostgres(db, "budget_alert")
                                            .equals(budget));
            assertThat(
                            cluster.getExecutionGraph(job.getJobID())
                                    .get()
                                    .getStatusTimestamp(JobStatus.RESTARTING))
                    .as("the job restarted after losing a TaskManager")
                    .isPositive();
        } finally {
            AlertScenario.cancel(job);
        }
    }

    /** The number of the newest completed checkpoint, or −1. */
    private static long latestCheckpoint(Path dir) {
        try (Stream<Path> files = Files.walk(dir, 3)) {
            return files.filter(p -> p.getFileName().toString().equals("_metadata"))
                    .map(p -> p.getParent().getFileName().toString())
                    .filter(name -> name.startsWith("chk-"))
                    .mapToLong(name -> Long.parseLong(name.substring(4)))
                    .max()
                    .orElse(-1);
        } catch (IOException | java.io.UncheckedIOException e) {
            return -1;
        }
    }
}

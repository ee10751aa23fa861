package io.costflow.pipeline.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.costflow.infra.junit.Await;
import io.costflow.infra.junit.CostflowInfraExtension;
import io.costflow.infra.junit.TestDatabase;
import io.costflow.infra.junit.TestTopics;
import io.costflow.model.validation.Rejection;
import io.costflow.pipeline.CostflowJob;
import io.costflow.pipeline.Fixtures;
import io.costflow.pipeline.PipelineOptions;
import io.costflow.schemas.serde.RecordDecodingException;
import io.costflow.schemas.serde.Serdes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole costflow job on a MiniCluster at parallelism 2 with real Kafka and PostgreSQL drives
 * {@link AlertScenario}: an error incident, a latency incident, a spend spike and a month boundary
 * raise exactly the expected alerts, on the topics and in the tables, and no others.
 */
@ExtendWith(CostflowInfraExtension.class)
class AlertStageIT {

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
    void shouldRaiseExactlyTheScenariosAlertsWhenIncidentsSpikesAndAMonthEndHappen(
            TestTopics topics, TestDatabase db) throws Exception {
        Configuration options = AlertScenario.options(topics, db);
        Duration idleTimeout = Duration.ofSeconds(5);
        options.set(PipelineOptions.IDLE_TIMEOUT, idleTimeout);
        AlertScenario.produceConfigs(topics, options);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.configure(AlertScenario.cluster(checkpoints, Duration.ofSeconds(2)));
        env.setParallelism(2);
        CostflowJob.fromOptions(options).defineWorkflow(env);
        JobClient job = env.executeAsync("alert-scenario");
        try {
            AlertScenario.produceMinutes(topics, db, options, 0, AlertScenario.MINUTES + 1);
            long lastTelemetry = System.nanoTime();

            Set<String> sla = AlertScenario.expectedSlaAlerts();
            Set<String> budget = AlertScenario.expectedBudgetAlerts();
            Await.until(
                    "every expected alert in PostgreSQL",
                    Duration.ofSeconds(30),
                    () ->
                            AlertScenario.alertIdsInPostgres(db, "sla_alert").containsAll(sla)
                                    && AlertScenario.alertIdsInPostgres(db, "budget_alert")
                                            .containsAll(budget));
            assertThat(AlertScenario.alertIdsInPostgres(db, "sla_alert"))
                    .containsExactlyInAnyOrderElementsOf(sla);
            assertThat(AlertScenario.alertIdsInPostgres(db, "budget_alert"))
                    .containsExactlyInAnyOrderElementsOf(budget);

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
            assertThat(slaRecords).as("without a failure, each alert is sent once").hasSize(4);
            assertThat(AlertScenario.alertIds(budgetRecords, false))
                    .containsExactlyInAnyOrderElementsOf(budget);
            assertThat(budgetRecords).hasSize(budget.size());

            // Billing for November's 23:52 window of monthly, long after its lateness:
            // dead-lettered, yet it takes November past the budget, for the service and its owner.
            // It comes once every source has been idle for the idle timeout: before the configs
            // were marked idle, their end-of-time watermark then fired every clean-up timer of the
            // alert stage, and the late billing met a service with no fired alerts and no spend
            // (its 50 % and 80 % and a November forecast fired again).
            Await.until(
                    "the telemetry silent for twice the idle timeout",
                    Duration.ofSeconds(30),
                    () ->
                            System.nanoTime() - lastTelemetry
                                    > idleTimeout.multipliedBy(2).toNanos());
            String billing = options.get(PipelineOptions.BILLING_TOPIC);
            try (KafkaProducer<String, byte[]> producer = topics.producer()) {
                var line = Fixtures.usage("late-1", "monthly", AlertScenario.minute(12), "1.00");
                producer.send(
                        new ProducerRecord<>(
                                billing, line.getLineItemId(), Serdes.billing().serialize(line)));
            }
            Set<String> afterLateBilling = new HashSet<>(budget);
            afterLateBilling.add("budget/SERVICE/monthly/2026-11/ACTUAL/100");
            afterLateBilling.add("budget/OWNER/team-monthly/2026-11/ACTUAL/100");
            Await.until(
                    "November's 100 % alerts in PostgreSQL",
                    Duration.ofSeconds(60),
                    () ->
                            AlertScenario.alertIdsInPostgres(db, "budget_alert")
                                    .containsAll(afterLateBilling));
            assertThat(AlertScenario.alertIdsInPostgres(db, "budget_alert"))
                    .containsExactlyInAnyOrderElementsOf(afterLateBilling);
            assertThat(
                            topics.consumeUntil(
                                    options.get(PipelineOptions.DEAD_LETTER_TOPIC),
                                    read -> read.stream().anyMatch(AlertStageIT::tooLate),
                                    Duration.ofSeconds(30)))
                    .filteredOn(AlertStageIT::tooLate)
                    .singleElement()
                    .satisfies(
                            r ->
                                    assertThat(
                                                    Serdes.deadLetter()
                                                            .deserialize(r.value())
                                                            .getReason())
                                            .startsWith("share of line item late-1 "));
        } finally {
            AlertScenario.cancel(job);
        }
    }

    private static boolean tooLate(ConsumerRecord<String, byte[]> r) {
        try {
            return Serdes.deadLetter()
                    .deserialize(r.value())
                    .getReasonCode()
                    .equals(Rejection.TOO_LATE);
        } catch (RecordDecodingException e) {
            throw new AssertionError(e);
        }
    }
}

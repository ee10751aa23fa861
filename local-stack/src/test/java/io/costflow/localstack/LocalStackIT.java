package io.costflow.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.costflow.infra.EmbeddedKafkaBroker;
import io.costflow.infra.EmbeddedPostgresServer;
import io.costflow.infra.junit.Await;
import io.costflow.schemas.ServiceCostWindow;
import io.costflow.schemas.Topics;
import io.costflow.schemas.serde.Serdes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded default as the demo command runs it: everything starts in one process, the
 * scenario's data reaches the API within seconds, everything stops cleanly, and a restart on the
 * same data directory resumes from the savepoint taken at the stop — after which the exactly-once
 * topic and PostgreSQL agree window for window.
 */
class LocalStackIT {

    @TempDir Path dataDir;

    @Test
    void shouldServeLiveCostWindowsAndResumeAfterARestart() throws Exception {
        StackSettings settings =
                StackSettings.embedded(dataDir, quickWorkload(3))
                        .withWindowSize(Duration.ofMinutes(1))
                        .withParallelism(1);

        Instant[] stoppedAt = new Instant[1];
        try (LocalStack stack = LocalStack.start(settings)) {
            Await.until(
                    "checkout has cost windows",
                    Duration.ofSeconds(90),
                    () -> checkoutWindows(stack) > 0);
            Await.until(
                    "a checkpoint is retained",
                    Duration.ofSeconds(60),
                    () -> LocalStack.latestCheckpoint(dataDir.resolve("checkpoints")).isPresent());
            assertThat(stack.status()).containsPattern("windows [1-9]");
            stoppedAt[0] = stack.simulatedNow();
        }

        try (LocalStack restarted = LocalStack.start(settings)) {
            // The scenario goes on where it stopped: its clock does not start over.
            assertThat(restarted.simulatedNow()).isAfter(stoppedAt[0]);
            assertThat(restarted.resumedFrom())
                    .hasValueSatisfying(
                            p -> assertThat(p.getFileName().toString()).startsWith("savepoint-"));
            int before = checkoutWindows(restarted);
            Await.until(
                    "windows keep coming after the restart",
                    Duration.ofSeconds(90),
                    () -> checkoutWindows(restarted) > before);
        }

        assertTopicAndDatabaseAgree();
    }

    /**
     * After a stop with a savepoint and a resume, the exactly-once topic and PostgreSQL agree: the
     * latest committed revision of every window on the topic is the row in PostgreSQL, and no
     * revision was committed twice.
     */
    private void assertTopicAndDatabaseAgree() throws Exception {
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(dataDir.resolve("kafka"), 0);
                EmbeddedPostgresServer postgres =
                        EmbeddedPostgresServer.start(dataDir.resolve("postgres"), 0)) {
            Map<String, ServiceCostWindow> latest = new HashMap<>();
            Set<String> revisions = new HashSet<>();
            for (ServiceCostWindow w : committedCostWindows(kafka)) {
                String window = w.getServiceId() + "@" + w.getWindowStart();
                assertThat(revisions.add(window + "#" + w.getRevision())).as(window).isTrue();
                latest.merge(window, w, (a, b) -> a.getRevision() >= b.getRevision() ? a : b);
            }
            Map<String, String> rows = new HashMap<>();
            try (Connection c = postgres.dataSource().getConnection();
                    Statement s = c.createStatement();
                    ResultSet rs =
                            s.executeQuery(
                                    "SELECT service_id, window_start, revision, billed_cost"
                                            + " FROM public.cost_window")) {
                while (rs.next()) {
                    rows.put(
                            rs.getString(1)
                                    + "@"
                                    + rs.getObject(2, OffsetDateTime.class).toInstant(),
                            rs.getLong(3) + "/" + rs.getBigDecimal(4).toPlainString());
                }
            }
            Map<String, String> onTopic = new HashMap<>();
            latest.forEach(
                    (k, w) ->
                            onTopic.put(
                                    k, w.getRevision() + "/" + w.getBilledCost().toPlainString()));
            assertThat(rows).isNotEmpty().isEqualTo(onTopic);
        }
    }

    private static List<ServiceCostWindow> committedCostWindows(EmbeddedKafkaBroker kafka)
            throws Exception {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ServiceCostWindow> windows = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(Topics.COST_WINDOWS).stream()
                            .map(p -> new TopicPartition(Topics.COST_WINDOWS, p.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                assertThat(System.nanoTime()).as("read the topic to its end").isLessThan(deadline);
                for (var r : consumer.poll(Duration.ofMillis(200))) {
                    windows.add(Serdes.costWindow().deserialize(r.value()));
                }
            }
        }
        return windows;
    }

    /**
     * Three services, 10 s scrapes, 120 times real time from two hours ago: it reaches the present
     * after about a minute.
     */
    static WorkloadSettings quickWorkload(int services) {
        return new WorkloadSettings(
                services, Duration.ofSeconds(10), 120, Duration.ofHours(2), 42L, true, null);
    }

    /**
     * Number of checkout's windows the API returns for the last simulated hours, -1 if it fails.
     */
    private static int checkoutWindows(LocalStack stack) {
        String body = checkoutCosts(stack);
        return body.isEmpty() ? -1 : body.split("\"windowStart\"", -1).length - 1;
    }

    /** The API's answer for checkout's last simulated hours, empty if it fails. */
    private static String checkoutCosts(LocalStack stack) {
        Instant now = stack.simulatedNow();
        String url =
                stack.apiUrl()
                        + "/v1/services/checkout/costs?from="
                        + now.minus(Duration.ofHours(3))
                        + "&to="
                        + now.plus(Duration.ofMinutes(1));
        try {
            HttpResponse<String> response =
                    HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(URI.create(url))
                                            .header(
                                                    "Authorization",
                                                    "Bearer " + stack.apiAdminKey())
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : "";
        } catch (Exception e) {
            return "";
        }
    }
}

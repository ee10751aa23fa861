package io.costflow.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.costflow.infra.junit.CostflowInfraExtension;
import io.costflow.infra.junit.TestDatabase;
import io.costflow.infra.junit.TestTopics;
import io.costflow.localstack.workload.BillingFeed;
import io.costflow.localstack.workload.DemoScenario;
import io.costflow.localstack.workload.DemoService;
import io.costflow.localstack.workload.KafkaWorkloadSink;
import io.costflow.localstack.workload.WorkloadGenerator;
import io.costflow.localstack.workload.WorkloadSink;
import io.costflow.pipeline.CostWindowJob;
import io.costflow.pipeline.EmbeddedFlinkConfig;
import io.costflow.pipeline.PipelineOptions;
import io.costflow.schemas.BillingLineItem;
import io.costflow.schemas.TelemetryEvent;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The walking skeleton through every layer: the workload generator writes telemetry and billing to
 * a real Kafka broker, the cost-window job runs on a MiniCluster (parallelism 2, RocksDB,
 * checkpoints on) into a real PostgreSQL, and the API serves the result over HTTP. The numbers the
 * API returns are exactly the sums of what the generator produced.
 */
@ExtendWith(CostflowInfraExtension.class)
class WalkingSkeletonIT {

    private static final Instant BEGINNING = Instant.parse("2026-11-01T00:00:00Z");
    private static final Duration WINDOW = Duration.ofMinutes(1);

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
    void shouldServeExactlyTheCostTheGeneratorProducedWhenDataFlowsThroughEveryLayer(
            TestTopics topics, TestDatabase db) throws Exception {
        String telemetryTopic = topics.create("telemetry", 2);
        String billingTopic = topics.create("billing", 2);
        String deadLetterTopic = topics.create("dead-letter", 1);
        String costWindowTopic = topics.create("cost-windows", 2);

        List<DemoService> services = DemoScenario.services(4);
        // One line per resource-minute, two minutes late; one in five restated five minutes on.
        BillingFeed billing =
                new BillingFeed(
                        WINDOW,
                        Duration.ofMinutes(2),
                        Duration.ofMinutes(5),
                        0.2,
                        new BigDecimal("0.92"));
        WorkloadGenerator generator =
                new WorkloadGenerator(services, BEGINNING, Duration.ofSeconds(15), billing, 7L);
        Expected expected = new Expected();
        try (KafkaWorkloadSink kafka =
                new KafkaWorkloadSink(topics.bootstrapServers(), telemetryTopic, billingTopic)) {
            generator.emit(BEGINNING, BEGINNING.plus(Duration.ofMinutes(15)), tee(kafka, expected));
            kafka.flush();
        }

        runCostWindowJob(
                topics, db, telemetryTopic, billingTopic, deadLetterTopic, costWindowTopic);

        try (EmbeddedApi api =
                EmbeddedApi.start(
                        db.jdbcUrl(),
                        db.user(),
                        db.password(),
                        topics.bootstrapServers(),
                        EmbeddedApi.newAdminKey(),
                        0)) {
            BigDecimal allServices = BigDecimal.ZERO;
            for (DemoService service : services) {
                JsonNode body =
                        get(
                                api.adminKey(),
                                api.url()
                                        + "/v1/services/"
                                        + service.serviceId()
                                        + "/costs?from="
                                        + BEGINNING
                                        + "&to="
                                        + BEGINNING.plus(Duration.ofHours(1)));
                String id = service.serviceId();
                JsonNode totals = body.get("totals");
                assertThat(new BigDecimal(totals.get("billedCost").asText()))
                        .as("billed cost of %s", id)
                        .isEqualByComparingTo(expected.cost(id));
                assertThat(totals.get("requestCount").asLong())
                        .as("requests of %s", id)
                        .isEqualTo(expected.requests.get(id));
                assertThat(body.get("windows")).hasSize(expected.windows.get(id).size());
                for (JsonNode window : body.get("windows")) {
                    long start = Instant.parse(window.get("windowStart").asText()).toEpochMilli();
                    String status = window.get("status").asText();
                    if (expected.restatedWindows.getOrDefault(id, Set.of()).contains(start)) {
                        assertThat(status)
                                .as("restated window %s of %s", start, id)
                                .isEqualTo("CORRECTED");
                    } else if (expected.billedWindows.getOrDefault(id, Set.of()).contains(start)) {
                        assertThat(status)
                                .as("billed window %s of %s", start, id)
                                .isEqualTo("BILLED");
                    } else {
                        assertThat(status)
                                .as("window %s of %s", start, id)
                                .isEqualTo("PROVISIONAL");
                    }
                }
                allServices = allServices.add(new BigDecimal(totals.get("billedCost").asText()));
            }
            assertThat(allServices).isEqualByComparingTo(expected.total());
        }
    }

    private void runCostWindowJob(
            TestTopics topics,
            TestDatabase db,
            String telemetryTopic,
            String billingTopic,
            String deadLetterTopic,
            String costWindowTopic)
            throws Exception {
        Configuration options = new Configuration();
        options.set(PipelineOptions.KAFKA_BOOTSTRAP_SERVERS, topics.bootstrapServers());
        options.set(PipelineOptions.KAFKA_GROUP_ID, "walking-skeleton-it");
        options.set(PipelineOptions.TELEMETRY_TOPIC, telemetryTopic);
        options.set(PipelineOptions.BILLING_TOPIC, billingTopic);
        options.set(PipelineOptions.DEAD_LETTER_TOPIC, deadLetterTopic);
        options.set(PipelineOptions.COST_WINDOWS_TOPIC, costWindowTopic);
        options.set(PipelineOptions.BOUNDED, true);
        options.set(PipelineOptions.WINDOW_SIZE, WINDOW);
        options.set(PipelineOptions.JDBC_URL, db.jdbcUrl());
        options.set(PipelineOptions.JDBC_USER, db.user());
        options.set(PipelineOptions.JDBC_PASSWORD, db.password());

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.configure(EmbeddedFlinkConfig.create(checkpoints, Duration.ofSeconds(1)));
        env.setParallelism(2);
        CostWindowJob.fromOptions(options).defineWorkflow(env);
        env.execute("walking-skeleton-it");
    }

    private static JsonNode get(String key, String url) throws Exception {
        HttpResponse<String> response =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create(url))
                                        .header("Authorization", "Bearer " + key)
                                        .GET()
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new ObjectMapper().readTree(response.body());
    }

    /** Sends to Kafka and records what the pipeline should make of it. */
    private static WorkloadSink tee(KafkaWorkloadSink kafka, Expected expected) {
        return new WorkloadSink() {
            @Override
            public void telemetry(TelemetryEvent event) {
                kafka.telemetry(event);
                expected.requests.merge(event.getServiceId(), event.getRequestCount(), Long::sum);
                // A scrape's timestamp ends its interval: it counts in the window it started in.
                long at = event.getTimestamp().toEpochMilli() - event.getIntervalSeconds() * 1000L;
                expected.windows
                        .computeIfAbsent(event.getServiceId(), s -> new TreeSet<>())
                        .add(at - Math.floorMod(at, WINDOW.toMillis()));
            }

            @Override
            public void billing(BillingLineItem line) {
                kafka.billing(line);
                add(line, expected.billedWindows);
            }

            @Override
            public void restatement(BillingLineItem line) {
                kafka.restatement(line);
                add(line, expected.restatedWindows);
            }

            private void add(BillingLineItem line, Map<String, Set<Long>> windows) {
                String service = line.getTags().get("service");
                // A restatement replaces the line with the same id: only the latest version counts.
                expected.latestLines.put(line.getLineItemId(), line);
                long start = line.getChargePeriodStart().toEpochMilli();
                long window = start - Math.floorMod(start, WINDOW.toMillis());
                windows.computeIfAbsent(service, s -> new TreeSet<>()).add(window);
                expected.windows.computeIfAbsent(service, s -> new TreeSet<>()).add(window);
            }
        };
    }

    private static final class Expected {
        final Map<String, BillingLineItem> latestLines = new HashMap<>();
        final Map<String, Long> requests = new HashMap<>();
        final Map<String, Set<Long>> windows = new HashMap<>();
        final Map<String, Set<Long>> billedWindows = new HashMap<>();
        final Map<String, Set<Long>> restatedWindows = new HashMap<>();

        BigDecimal cost(String service) {
            return latestLines.values().stream()
                    .filter(l -> l.getTags().get("service").equals(service))
                    .map(BillingLineItem::getBilledCost)
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
        }

        BigDecimal total() {
            return latestLines.values().stream()
                    .map(BillingLineItem::getBilledCost)
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
        }
    }
}

package io.costflow.pipeline;

import static io.costflow.pipeline.Fixtures.minutesLater;
import static org.assertj.core.api.Assertions.assertThat;

import io.costflow.infra.junit.CostflowInfraExtension;
import io.costflow.infra.junit.TestDatabase;
import io.costflow.infra.junit.TestTopics;
import io.costflow.model.ServiceAttribution;
import io.costflow.schemas.BillingLineItem;
import io.costflow.schemas.DeadLetter;
import io.costflow.schemas.Decimals;
import io.costflow.schemas.TelemetryEvent;
import io.costflow.schemas.serde.RecordDecodingException;
import io.costflow.schemas.serde.Serdes;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cost-window job end to end on a MiniCluster at parallelism 2 with a real Kafka broker and a
 * real PostgreSQL: what lands in {@code cost_window} is exactly the sum of what was produced, per
 * service and window, and every rejected input is on the dead-letter topic.
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

    @TempDir Path checkpoints;

    @Test
    void shouldSumBilledCostPerServiceAndWindowExactlyAndDeadLetterBadInput(
            TestTopics topics, TestDatabase db) throws Exception {
        String telemetryTopic = topics.create("telemetry", 2);
        String billingTopic = topics.create("billing", 2);
        String deadLetterTopic = topics.create("dead-letter", 1);

        // Three services over five one-minute windows; amounts with 12 decimal places that a
        // double could not add exactly; one line without a service tag.
        Map<String, byte[]> billing = new LinkedHashMap<>();
        Map<String, BigDecimal> expected = new HashMap<>();
        int line = 0;
        for (String service : List.of("checkout", "search", "ledger")) {
            for (int minute = 0; minute < 5; minute++) {
                for (int i = 0; i < 4; i++) {
                    String cost = "0.1" + line % 7 + "0000000001";
                    BillingLineItem item =
                            Fixtures.usage("li-" + line++, service, minutesLater(minute), cost);
                    billing.put(item.getLineItemId(), Serdes.billing().serialize(item));
                    expected.merge(
                            key(service, minutesLater(minute)), Decimals.of(cost), BigDecimal::add);
                }
            }
        }
        BillingLineItem untagged = Fixtures.usage("li-tax", null, minutesLater(2), "7.25");
        billing.put(untagged.getLineItemId(), Serdes.billing().serialize(untagged));
        expected.merge(
                key(ServiceAttribution.UNALLOCATED, minutesLater(2)),
                Decimals.of("7.25"),
                BigDecimal::add);
        billing.put("garbage", "{\"billedCost\": 1e9}".getBytes(StandardCharsets.UTF_8));
        BillingLineItem euro =
                BillingLineItem.newBuilder(
                                Fixtures.usage("li-eur", "checkout", minutesLater(1), "9"))
                        .setBillingCurrency("EUR")
                        .build();
        billing.put(euro.getLineItemId(), Serdes.billing().serialize(euro));

        Map<String, byte[]> telemetry = new LinkedHashMap<>();
        // Samples cover minutes 0..5, so minute 5 has traffic but no billing yet.
        for (int minute = 1; minute <= 6; minute++) {
            TelemetryEvent e = Fixtures.telemetry("checkout", "i-1", minutesLater(minute), 600, 3);
            telemetry.put(e.getEventId(), Serdes.telemetry().serialize(e));
        }

        topics.produce(billingTopic, billing);
        topics.produce(telemetryTopic, telemetry);

        Configuration options = new Configuration();
        options.set(PipelineOptions.KAFKA_BOOTSTRAP_SERVERS, topics.bootstrapServers());
        options.set(PipelineOptions.KAFKA_GROUP_ID, "cost-window-job-it");
        options.set(PipelineOptions.TELEMETRY_TOPIC, telemetryTopic);
        options.set(PipelineOptions.BILLING_TOPIC, billingTopic);
        options.set(PipelineOptions.DEAD_LETTER_TOPIC, deadLetterTopic);
        options.set(PipelineOptions.BOUNDED, true);
        options.set(PipelineOptions.WINDOW_SIZE, Duration.ofMinutes(1));
        options.set(PipelineOptions.JDBC_URL, db.jdbcUrl());
        options.set(PipelineOptions.JDBC_USER, db.user());
        options.set(PipelineOptions.JDBC_PASSWORD, db.password());

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.configure(EmbeddedFlinkConfig.create(checkpoints, Duration.ofSeconds(1)));
        env.setParallelism(2);
        CostWindowJob.fromOptions(options).defineWorkflow(env);
        env.execute("cost-window-job-it");

        Map<String, BigDecimal> actual = new HashMap<>();
        Map<String, Long> requests = new HashMap<>();
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery(
                                "SELECT service_id, window_start, billed_cost, request_count,"
                                        + " error_count, status, revision FROM cost_window")) {
            while (rs.next()) {
                String key =
                        key(rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant());
                actual.put(key, rs.getBigDecimal(3));
                requests.put(key, rs.getLong(4));
                assertThat(rs.getLong(7)).isEqualTo(1);
            }
        }
        // Every billed window matches to the last digit; telemetry-only windows cost nothing.
        expected.forEach(
                (key, cost) -> assertThat(actual.get(key)).as(key).isEqualByComparingTo(cost));
        assertThat(sum(actual.values())).isEqualByComparingTo(sum(expected.values()));
        assertThat(actual.get(key("checkout", minutesLater(5)))).isEqualByComparingTo("0");
        assertThat(requests.get(key("checkout", minutesLater(0)))).isEqualTo(600);
        assertThat(requests.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(3600);

        List<ConsumerRecord<String, byte[]>> letters =
                topics.consumeUntil(deadLetterTopic, r -> r.size() >= 2, Duration.ofSeconds(30));
        List<String> reasons = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : letters) {
            DeadLetter letter = decode(record.value());
            assertThat(record.key()).isEqualTo(billingTopic);
            reasons.add(letter.getReasonCode());
        }
        assertThat(reasons)
                .containsExactlyInAnyOrder("not-single-object-encoded", "wrong-currency");
    }

    private static DeadLetter decode(byte[] bytes) throws RecordDecodingException {
        return Serdes.deadLetter().deserialize(bytes);
    }

    private static String key(String service, Instant windowStart) {
        return service + "@" + windowStart;
    }

    private static BigDecimal sum(Iterable<BigDecimal> values) {
        BigDecimal total = BigDecimal.ZERO;
        for (BigDecimal v : values) {
            total = total.add(v);
        }
        return total;
    }
}

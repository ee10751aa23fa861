package io.costflow.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.costflow.infra.junit.CostflowInfraExtension;
import io.costflow.infra.junit.TestDatabase;
import io.costflow.infra.junit.TestTopics;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(CostflowInfraExtension.class)
class CostflowInfraExtensionTest {

    @Test
    void shouldRoundTripRecordsThroughTheRealBroker(TestTopics topics) {
        String topic = topics.create("roundtrip", 2);
        Map<String, byte[]> records = new LinkedHashMap<>();
        for (int i = 0; i < 50; i++) {
            records.put("key-" + i, ("value-" + i).getBytes(StandardCharsets.UTF_8));
        }

        topics.produce(topic, records);
        List<ConsumerRecord<String, byte[]>> read =
                topics.consumeUntil(topic, r -> r.size() >= 50, Duration.ofSeconds(30));

        assertThat(read).hasSize(50);
        assertThat(read)
                .extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .containsExactlyInAnyOrderElementsOf(
                        records.values().stream()
                                .map(v -> new String(v, StandardCharsets.UTF_8))
                                .toList());
    }

    @Test
    void shouldGiveEachTestItsOwnTopics(TestTopics first, TestTopics second) {
        String a = first.create("billing", 1);
        String b = second.create("billing", 1);

        first.produce(a, Map.of("k", new byte[] {1}));

        assertThat(a).isNotEqualTo(b);
        assertThat(second.consumeUntil(b, r -> !r.isEmpty(), Duration.ofSeconds(2))).isEmpty();
    }

    @Test
    void shouldApplyTheMigrationsToAFreshSchema(TestDatabase db) throws Exception {
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery(
                                "SELECT count(*) FROM information_schema.tables"
                                        + " WHERE table_schema = current_schema()"
                                        + " AND table_name = 'cost_window'")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
    }

    @Test
    void shouldIsolateDatabasesOfDifferentTests(TestDatabase first, TestDatabase second)
            throws Exception {
        try (Connection c = first.connect();
                Statement s = c.createStatement()) {
            s.executeUpdate(
                    "INSERT INTO cost_window VALUES ('checkout', now(), now() + interval '1 hour',"
                            + " 'BILLED', 1, 'USD', 1, 1, 0, 0, 0, 0, now())");
        }
        try (Connection c = second.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM cost_window")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
        assertThat(first.schema()).isNotEqualTo(second.schema());
    }
}

package io.costflow.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.costflow.infra.junit.Await;
import io.costflow.infra.junit.CostflowInfraExtension;
import io.costflow.infra.junit.TestDatabase;
import io.costflow.infra.junit.TestTopics;
import io.costflow.schemas.DeadLetter;
import io.costflow.schemas.serde.Serdes;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The console against a real PostgreSQL and a real dead-letter topic: empty result tables count as
 * zero, every alert and recommendation row that appears is printed once, rows from before the
 * console started are only counted, and dead letters are counted by reason.
 */
@ExtendWith(CostflowInfraExtension.class)
class DemoConsoleIT {

    private static final Instant FIRED = Instant.parse("2026-10-23T02:15:00Z");
    private static final Instant RESOLVED = Instant.parse("2026-10-23T04:00:00Z");

    @Test
    void shouldPrintEachNewAlertAndRecommendationOnceAndCountEverything(
            TestTopics topics, TestDatabase db) throws Exception {
        String deadLetters = topics.create("dead-letter", 1);
        execute(db, insertSla("earlier", "checkout", "FIRING", FIRED.minusSeconds(86_400)));

        try (DemoConsole console =
                new DemoConsole(
                        new StackSettings.Database(db.jdbcUrl(), db.user(), db.password()),
                        topics.bootstrapServers(),
                        deadLetters)) {
            assertThat(console.newEvents())
                    .containsExactly("1 alerts and recommendations from an earlier run");
            DemoConsole.Results empty = console.results();
            assertThat(empty.windows()).isZero();
            assertThat(empty.openRecommendations()).isZero();
            assertThat(empty.slaFiring()).isEqualTo(1);

            execute(db, insertSla("a1", "payments", "FIRING", FIRED));
            execute(
                    db,
                    "INSERT INTO budget_alert (alert_id, scope, scope_id, kind, period,"
                            + " threshold_percent, currency, budget, spend_to_date,"
                            + " provisional_spend, message, event_time, emitted_at) VALUES ('b1',"
                            + " 'SERVICE', 'analytics', 'ACTUAL', '2026-10', 80, 'USD', 220,"
                            + " 176.5, 0, 'm', '2026-10-24T09:00:00Z', now())");
            execute(
                    db,
                    "INSERT INTO recommendation (recommendation_id, service_id, kind, state,"
                            + " current_instance_type, current_replicas, proposed_instance_type,"
                            + " proposed_replicas, monthly_savings_list, monthly_savings_effective,"
                            + " currency, confidence, predicted_utilization,"
                            + " predicted_p99_latency_ms, explanation, revision, created_at,"
                            + " updated_at) VALUES ('r1', 'catalog', 'RIGHTSIZE', 'OPEN',"
                            + " 'm6i.4xlarge', 3, 'm6i.xlarge', 3, 1261.44, 1261.44, 'USD', 0.9,"
                            + " 0.4, 80, 'x', 1, now(), '2026-10-23T06:00:00Z')");

            assertThat(console.newEvents())
                    .containsExactly(
                            "ALERT FIRING payments availability PAGE burn 49.5× at 2026-10-23 02:15",
                            "RECOMMEND catalog RIGHTSIZE m6i.4xlarge×3 → m6i.xlarge×3 saves"
                                    + " 1,261.44 USD/month",
                            "BUDGET analytics spent 176.50 of 220.00 USD in 2026-10: 80 % reached");
            assertThat(console.newEvents()).isEmpty();

            execute(db, insertSla("a2", "payments", "RESOLVED", RESOLVED));
            execute(
                    db,
                    "UPDATE recommendation SET state = 'WITHDRAWN' WHERE recommendation_id = 'r1'");
            assertThat(console.newEvents())
                    .containsExactly(
                            "ALERT RESOLVED payments availability PAGE burn 49.5× at 2026-10-23"
                                    + " 04:00",
                            "WITHDRAWN catalog RIGHTSIZE m6i.4xlarge×3 → m6i.xlarge×3 saves"
                                    + " 1,261.44 USD/month");

            topics.produce(deadLetters, Map.of("costflow.billing.v1", deadLetter("too-late")));
            Await.until(
                    "the dead letter is counted",
                    java.time.Duration.ofSeconds(30),
                    () -> console.results().deadLetters() == 1);
            DemoConsole.Results r = console.results();
            assertThat(r.slaFiring()).as("checkout still fires, payments resolved").isEqualTo(1);
            assertThat(r.slaResolved()).isEqualTo(1);
            assertThat(r.budgetAlerts()).isEqualTo(1);
            assertThat(r.openRecommendations()).isZero();
            assertThat(console.deadLettersByReason()).isEqualTo(Map.of("too-late", 1L));
        }
    }

    private static String insertSla(String id, String service, String state, Instant at) {
        return "INSERT INTO sla_alert (alert_id, service_id, slo_kind, state, severity,"
                + " long_window_seconds, short_window_seconds, long_window_burn_rate,"
                + " short_window_burn_rate, error_budget_remaining, event_time, emitted_at)"
                + " VALUES ('"
                + id
                + "', '"
                + service
                + "', 'AVAILABILITY', '"
                + state
                + "', 'PAGE', 3600, 300, 49.5, 52.0, 0.4, '"
                + at
                + "', now())";
    }

    private static byte[] deadLetter(String reason) throws Exception {
        return Serdes.deadLetter()
                .serialize(
                        DeadLetter.newBuilder()
                                .setSourceTopic("costflow.billing.v1")
                                .setSourcePartition(0)
                                .setSourceOffset(7)
                                .setOriginalValue(ByteBuffer.wrap(new byte[] {1}))
                                .setReasonCode(reason)
                                .setReason("older than the allowed lateness")
                                .setStage("test")
                                .setDeadLetteredAt(Instant.now())
                                .build());
    }

    private static void execute(TestDatabase db, String sql) throws SQLException {
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}

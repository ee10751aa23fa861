package io.costflow.pipeline.alert;

import io.costflow.infra.junit.Await;
import io.costflow.infra.junit.TestDatabase;
import io.costflow.infra.junit.TestTopics;
import io.costflow.pipeline.EmbeddedFlinkConfig;
import io.costflow.pipeline.Fixtures;
import io.costflow.pipeline.PipelineOptions;
import io.costflow.schemas.LatencyHistogram;
import io.costflow.schemas.ServiceConfig;
import io.costflow.schemas.TelemetryEvent;
import io.costflow.schemas.serde.Serdes;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A scripted half hour of one-minute cost windows around the end of November (UTC), with burn-rate
 * windows scaled by 1/60 (page at 14.4× over 1 min and 5 s, ticket at 1× over 72 min and 6 min) and
 * a one-minute anomaly season (a window is compared with the 8 before it):
 *
 * <ul>
 *   <li>{@code errors}: 10 % errors in minute 6 (100× the 99.9 % SLO's budget) — a page, resolved
 *       once the incident leaves the 6-minute short window;
 *   <li>{@code slow}: 20 % of requests over 100 ms in minute 8 (20× the 99 % latency SLO's budget)
 *       — the same for latency;
 *   <li>{@code spiky}: 80 instead of 1 instance in minute 10 against a budget it normally spends at
 *       0.43× — a spend burn-rate page, for the service and its owner, and a cost anomaly;
 *   <li>{@code monthly}: one instance from 23:52 to 00:07 against a budget of about ten minutes of
 *       it — 50 % and 80 % in November, then in December the forecast and 50 % again, for the
 *       service and its owner, and one spend burn-rate page that spans the month boundary.
 * </ul>
 *
 * Minute m's telemetry closes window m − 1; a {@code clock} service with no config keeps both
 * partitions' watermarks moving.
 */
final class AlertScenario {

    static final Instant BEGINNING = Instant.parse("2026-11-30T23:40:00Z");
    static final int MINUTES = 27;
    static final Duration MINUTE = Duration.ofMinutes(1);

    private static final int ERROR_MINUTE = 6;
    private static final int SLOW_MINUTE = 8;
    private static final int SPIKE_MINUTE = 10;
    private static final int MONTHLY_FROM = 12;

    private AlertScenario() {}

    static Instant minute(int m) {
        return BEGINNING.plus(MINUTE.multipliedBy(m));
    }

    static Configuration options(TestTopics topics, TestDatabase db) {
        Configuration options = new Configuration();
        options.set(PipelineOptions.KAFKA_BOOTSTRAP_SERVERS, topics.bootstrapServers());
        options.set(PipelineOptions.KAFKA_GROUP_ID, "alert-it");
        options.set(PipelineOptions.TELEMETRY_TOPIC, topics.create("telemetry", 2));
        options.set(PipelineOptions.BILLING_TOPIC, topics.create("billing", 2));
        options.set(PipelineOptions.SERVICE_CONFIG_TOPIC, topics.create("service-config", 1));
        options.set(PipelineOptions.DEAD_LETTER_TOPIC, topics.create("dead-letter", 1));
        options.set(PipelineOptions.COST_WINDOWS_TOPIC, topics.create("cost-windows", 2));
        options.set(PipelineOptions.ALERT_SLA_TOPIC, topics.create("sla-alerts", 2));
        options.set(PipelineOptions.ALERT_BUDGET_TOPIC, topics.create("budget-alerts", 2));
        options.set(PipelineOptions.TRANSACTIONAL_ID_PREFIX, "alert-it-" + System.nanoTime());
        options.set(PipelineOptions.WINDOW_SIZE, MINUTE);
        options.set(PipelineOptions.MAX_OUT_OF_ORDERNESS, Duration.ZERO);
        options.set(PipelineOptions.ALLOWED_LATENESS, Duration.ofMinutes(5));
        // The scenario lies at the end of November, possibly ahead of the wall clock.
        options.set(PipelineOptions.MAX_FUTURE_SKEW, Duration.ofDays(400));
        options.set(PipelineOptions.ALERT_BURN_RATE_TIME_SCALE, 1.0 / 60);
        options.set(PipelineOptions.ALERT_ANOMALY_SEASON, MINUTE);
        options.set(PipelineOptions.JDBC_URL, db.jdbcUrl());
        options.set(PipelineOptions.JDBC_USER, db.user());
        options.set(PipelineOptions.JDBC_PASSWORD, db.password());
        options.set(PipelineOptions.JDBC_BATCH_INTERVAL, Duration.ofMillis(50));
        return options;
    }

    /** The embedded cluster settings, with watermarks emitted often so each minute closes fast. */
    static Configuration cluster(Path checkpoints, Duration interval) {
        Configuration config = EmbeddedFlinkConfig.create(checkpoints, interval);
        config.set(
                org.apache.flink.configuration.PipelineOptions.AUTO_WATERMARK_INTERVAL,
                Duration.ofMillis(50));
        return config;
    }

    /** Cancels the job and waits until it has stopped writing checkpoints. */
    static void cancel(org.apache.flink.core.execution.JobClient job) throws Exception {
        job.cancel().get();
        Await.until(
                "the job stopped",
                Duration.ofSeconds(30),
                () -> {
                    try {
                        return job.getJobStatus().get().isGloballyTerminalState();
                    } catch (Exception e) {
                        return true;
                    }
                });
    }

    static void produceConfigs(TestTopics topics, Configuration options) {
        String topic = options.get(PipelineOptions.SERVICE_CONFIG_TOPIC);
        try (KafkaProducer<String, byte[]> producer = topics.producer()) {
            for (ServiceConfig c :
                    List.of(
                            AlertFixtures.config("errors", "team-sre", null),
                            AlertFixtures.config("slow", "team-sre", null),
                            // About 100,000 minutes of one m6i.large (0.107 USD an hour).
                            AlertFixtures.config("spiky", "team-spiky", "180"),
                            // About ten minutes of one m6i.large.
                            AlertFixtures.config("monthly", "team-monthly", "0.0178"))) {
                producer.send(
                        new ProducerRecord<>(
                                topic, c.getServiceId(), Serdes.serviceConfig().serialize(c)));
            }
            producer.flush();
        }
    }

    /** Produces minutes {@code [from, to)}, each once the window before it is in PostgreSQL. */
    static void produceMinutes(
            TestTopics topics, TestDatabase db, Configuration options, int from, int to) {
        String topic = options.get(PipelineOptions.TELEMETRY_TOPIC);
        try (KafkaProducer<String, byte[]> producer = topics.producer()) {
            for (int m = from; m < to; m++) {
                for (TelemetryEvent e : telemetryOfMinute(m)) {
                    producer.send(
                            new ProducerRecord<>(
                                    topic, 0, e.getServiceId(), Serdes.telemetry().serialize(e)));
                }
                producer.send(
                        new ProducerRecord<>(
                                topic,
                                1,
                                "clock",
                                Serdes.telemetry()
                                        .serialize(sample("clock", "clock-1", m, 1, 0, 0))));
                producer.flush();
                if (m > 0) {
                    int closed = m - 1;
                    Await.until(
                            "window " + closed + " of the clock service in PostgreSQL",
                            // Generous: a checkpoint or GC pause on a loaded 2-core machine
                            // can hold one window for tens of seconds; a pass returns at once.
                            Duration.ofSeconds(120),
                            () -> windowLanded(db, minute(closed)));
                }
            }
        }
    }

    /** The telemetry of minute m, one sample per instance, ending a minute later. */
    static List<TelemetryEvent> telemetryOfMinute(int m) {
        List<TelemetryEvent> events = new java.util.ArrayList<>();
        if (m >= MINUTES) {
            return events;
        }
        events.add(sample("errors", "errors-1", m, 1000, m == ERROR_MINUTE ? 100 : 0, 0));
        events.add(sample("slow", "slow-1", m, 1000, 0, m == SLOW_MINUTE ? 200 : 0));
        int instances = m == SPIKE_MINUTE ? 80 : 1;
        for (int i = 1; i <= instances; i++) {
            events.add(sample("spiky", "spiky-" + i, m, 1000, 0, 0));
        }
        if (m >= MONTHLY_FROM) {
            events.add(sample("monthly", "monthly-1", m, 1000, 0, 0));
        }
        return events;
    }

    /** The SLA alert ids the scenario must raise, and no others. */
    static Set<String> expectedSlaAlerts() {
        Set<String> ids = new HashSet<>();
        Instant errorsStart = minute(ERROR_MINUTE + 1);
        ids.add("sla/errors/AVAILABILITY/PAGE/" + errorsStart + "/FIRING");
        ids.add("sla/errors/AVAILABILITY/PAGE/" + errorsStart + "/RESOLVED");
        Instant slowStart = minute(SLOW_MINUTE + 1);
        ids.add("sla/slow/LATENCY/PAGE/" + slowStart + "/FIRING");
        ids.add("sla/slow/LATENCY/PAGE/" + slowStart + "/RESOLVED");
        return ids;
    }

    /** The budget alert ids the scenario must raise, and no others. */
    static Set<String> expectedBudgetAlerts() {
        Set<String> ids = new HashSet<>();
        Instant spike = minute(SPIKE_MINUTE + 1).minusMillis(1);
        Instant monthlyFirst = minute(MONTHLY_FROM + 1).minusMillis(1);
        for (String scope : List.of("SERVICE/spiky", "OWNER/team-spiky")) {
            ids.add("budget/" + scope + "/2026-11/SPEND_BURN_RATE/1440/PAGE/" + spike);
        }
        ids.add("budget/SERVICE/spiky/2026-11/ANOMALY/500/" + minute(SPIKE_MINUTE));
        for (String scope : List.of("SERVICE/monthly", "OWNER/team-monthly")) {
            ids.add("budget/" + scope + "/2026-11/SPEND_BURN_RATE/1440/PAGE/" + monthlyFirst);
            ids.add("budget/" + scope + "/2026-11/ACTUAL/50");
            ids.add("budget/" + scope + "/2026-11/ACTUAL/80");
            ids.add("budget/" + scope + "/2026-12/FORECAST/100");
            ids.add("budget/" + scope + "/2026-12/ACTUAL/50");
        }
        return ids;
    }

    static Set<String> alertIds(List<ConsumerRecord<String, byte[]>> records, boolean sla) {
        Set<String> ids = new HashSet<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            try {
                ids.add(
                        sla
                                ? Serdes.slaAlert().deserialize(r.value()).getAlertId()
                                : Serdes.budgetAlert().deserialize(r.value()).getAlertId());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
        return ids;
    }

    static Set<String> alertIdsInPostgres(TestDatabase db, String table) {
        Set<String> ids = new HashSet<>();
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT alert_id FROM " + table)) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
        return ids;
    }

    private static boolean windowLanded(TestDatabase db, Instant start) {
        try (Connection c = db.connect();
                PreparedStatement ps =
                        c.prepareStatement(
                                "SELECT count(*) FROM cost_window WHERE service_id = 'clock'"
                                        + " AND window_start = ?")) {
            ps.setObject(1, start.atOffset(ZoneOffset.UTC));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        } catch (SQLException e) {
            return false;
        }
    }

    private static TelemetryEvent sample(
            String serviceId, String resourceId, int m, long requests, long errors, long slow) {
        TelemetryEvent e =
                Fixtures.telemetry(serviceId, resourceId, minute(m + 1), requests, errors);
        e.setLatency(
                LatencyHistogram.newBuilder()
                        .setBucketBoundsMs(AlertFixtures.BOUNDS)
                        .setBucketCounts(List.of(requests - slow, 0L, slow, 0L))
                        .build());
        return e;
    }
}

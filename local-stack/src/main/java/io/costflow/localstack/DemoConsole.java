package io.costflow.localstack;

import io.costflow.schemas.DeadLetter;
import io.costflow.schemas.serde.RecordDecodingException;
import io.costflow.schemas.serde.Serdes;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What the demo console shows: a compact summary of the pipeline's results, counted from PostgreSQL
 * ({@code cost_window}, {@code recommendation}, {@code sla_alert}, {@code budget_alert}; empty
 * tables are fine) and the dead-letter topic, and one line per alert or recommendation as it
 * appears. Not thread-safe: one thread polls it.
 */
final class DemoConsole implements AutoCloseable {

    private static final DateTimeFormatter SIMULATED =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    private final StackSettings.Database database;
    private final KafkaConsumer<byte[], byte[]> deadLetters;
    private final Map<String, Long> deadLettersByReason = new TreeMap<>();
    private final Set<String> seen = new HashSet<>();
    private boolean seeded;
    private Connection connection;

    /**
     * @param database where the pipeline writes its results
     * @param deadLetterTopic the dead-letter topic, which must exist
     */
    DemoConsole(
            StackSettings.Database database, String kafkaBootstrapServers, String deadLetterTopic) {
        this.database = database;
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.deadLetters =
                new KafkaConsumer<>(
                        props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions =
                deadLetters.partitionsFor(deadLetterTopic).stream()
                        .map(p -> new TopicPartition(deadLetterTopic, p.partition()))
                        .toList();
        deadLetters.assign(partitions);
        deadLetters.seekToBeginning(partitions);
    }

    /** Counts of what the pipeline has produced so far; -1 where a count could not be read. */
    record Results(
            long windows,
            long billedWindows,
            long correctedWindows,
            long openRecommendations,
            long slaFiring,
            long slaResolved,
            long budgetAlerts,
            long deadLetters) {}

    /** What the workload has sent so far. */
    record Inputs(
            Instant simulatedNow,
            boolean caughtUp,
            long telemetry,
            long billing,
            long restatements,
            String replay) {}

    Results results() {
        long[] windows =
                query(
                        "SELECT count(*), count(*) FILTER (WHERE status = 'BILLED'),"
                                + " count(*) FILTER (WHERE status = 'CORRECTED') FROM cost_window",
                        3);
        long[] recommendations =
                query("SELECT count(*) FROM recommendation WHERE state = 'OPEN'", 1);
        // sla_alert holds transitions: a rule fires now if its latest transition is FIRING.
        long[] sla =
                query(
                        "SELECT (SELECT count(*) FROM (SELECT DISTINCT ON (service_id, slo_kind,"
                                + " severity) state FROM sla_alert ORDER BY service_id, slo_kind,"
                                + " severity, event_time DESC, emitted_at DESC) latest"
                                + " WHERE state = 'FIRING'),"
                                + " (SELECT count(*) FROM sla_alert WHERE state = 'RESOLVED')",
                        2);
        long[] budget = query("SELECT count(*) FROM budget_alert", 1);
        return new Results(
                windows[0],
                windows[1],
                windows[2],
                recommendations[0],
                sla[0],
                sla[1],
                budget[0],
                deadLetters());
    }

    /** The summary line. */
    static String summary(Inputs in, Results r) {
        return String.format(
                "%s %s | in: %,d telemetry, %,d billing (%,d restated)%s | windows %s (%s billed,"
                        + " %s corrected) | recommendations %s open | SLA alerts %s firing, %s"
                        + " resolved | budget alerts %s | dead letters %s",
                in.caughtUp() ? "live" : "sim",
                SIMULATED.format(in.simulatedNow()),
                in.telemetry(),
                in.billing(),
                in.restatements(),
                in.replay().isEmpty() ? "" : ", " + in.replay(),
                count(r.windows()),
                count(r.billedWindows()),
                count(r.correctedWindows()),
                count(r.openRecommendations()),
                count(r.slaFiring()),
                count(r.slaResolved()),
                count(r.budgetAlerts()),
                count(r.deadLetters()));
    }

    /**
     * One line per alert or recommendation that appeared since the last call, oldest first. The
     * first call only notes what is already there (from an earlier run) and says how much.
     */
    List<String> newEvents() {
        List<Event> events = new ArrayList<>();
        readSlaAlerts(events);
        readBudgetAlerts(events);
        readRecommendations(events);
        events.sort(java.util.Comparator.comparing(Event::at));
        List<String> lines = new ArrayList<>();
        int earlier = 0;
        for (Event e : events) {
            if (seen.add(e.key())) {
                if (seeded) {
                    lines.add(e.line());
                } else {
                    earlier++;
                }
            }
        }
        if (!seeded && earlier > 0) {
            lines.add(earlier + " alerts and recommendations from an earlier run");
        }
        seeded = true;
        return lines;
    }

    /** An alert or recommendation, with a key that changes when it is news again. */
    record Event(String key, Instant at, String line) {}

    static String slaLine(
            String service,
            String kind,
            String state,
            String severity,
            double burnRate,
            Instant at) {
        return String.format(
                "ALERT %s %s %s %s burn %.1f× at %s",
                state,
                service,
                kind.toLowerCase(java.util.Locale.ROOT),
                severity,
                burnRate,
                SIMULATED.format(at));
    }

    static String budgetLine(
            String scopeId,
            String kind,
            String period,
            int thresholdPercent,
            BigDecimal spend,
            BigDecimal budget,
            BigDecimal forecast,
            String currency,
            String message) {
        return switch (kind) {
            case "ACTUAL" ->
                    String.format(
                            "BUDGET %s spent %s of %s %s in %s: %d %% reached",
                            scopeId,
                            money(spend),
                            money(budget),
                            currency,
                            period,
                            thresholdPercent);
            case "FORECAST" ->
                    String.format(
                            "BUDGET %s forecast %s of %s %s for %s: over %d %%",
                            scopeId,
                            money(forecast),
                            money(budget),
                            currency,
                            period,
                            thresholdPercent);
            default -> "BUDGET " + scopeId + " " + kind + ": " + message;
        };
    }

    static String recommendationLine(
            String service,
            String kind,
            String state,
            String currentType,
            int currentReplicas,
            String proposedType,
            Integer proposedReplicas,
            String proposedPricing,
            BigDecimal monthlySavings,
            String currency) {
        String proposal;
        if (proposedPricing != null) {
            proposal = "buy " + proposedPricing;
        } else {
            proposal =
                    currentType
                            + "×"
                            + currentReplicas
                            + " → "
                            + (proposedType == null ? currentType : proposedType)
                            + "×"
                            + (proposedReplicas == null ? currentReplicas : proposedReplicas);
        }
        return String.format(
                "%s %s %s %s saves %s %s/month",
                state.equals("OPEN") ? "RECOMMEND" : state,
                service,
                kind,
                proposal,
                money(monthlySavings),
                currency);
    }

    private void readSlaAlerts(List<Event> events) {
        read(
                "SELECT alert_id, service_id, slo_kind, state, severity, long_window_burn_rate,"
                        + " event_time FROM sla_alert",
                rs -> {
                    Instant at = instant(rs, "event_time");
                    events.add(
                            new Event(
                                    "sla/" + rs.getString("alert_id"),
                                    at,
                                    slaLine(
                                            rs.getString("service_id"),
                                            rs.getString("slo_kind"),
                                            rs.getString("state"),
                                            rs.getString("severity"),
                                            rs.getDouble("long_window_burn_rate"),
                                            at)));
                });
    }

    private void readBudgetAlerts(List<Event> events) {
        read(
                "SELECT alert_id, scope_id, kind, period, threshold_percent, spend_to_date, budget,"
                        + " forecast, currency, message, event_time FROM budget_alert",
                rs ->
                        events.add(
                                new Event(
                                        "budget/" + rs.getString("alert_id"),
                                        instant(rs, "event_time"),
                                        budgetLine(
                                                rs.getString("scope_id"),
                                                rs.getString("kind"),
                                                rs.getString("period"),
                                                rs.getInt("threshold_percent"),
                                                rs.getBigDecimal("spend_to_date"),
                                                rs.getBigDecimal("budget"),
                                                rs.getBigDecimal("forecast"),
                                                rs.getString("currency"),
                                                rs.getString("message")))));
    }

    private void readRecommendations(List<Event> events) {
        read(
                "SELECT recommendation_id, service_id, kind, state, current_instance_type,"
                        + " current_replicas, proposed_instance_type, proposed_replicas,"
                        + " proposed_pricing_model, monthly_savings_effective, currency, updated_at"
                        + " FROM recommendation",
                rs ->
                        events.add(
                                new Event(
                                        "recommendation/"
                                                + rs.getString("recommendation_id")
                                                + "/"
                                                + rs.getString("state"),
                                        instant(rs, "updated_at"),
                                        recommendationLine(
                                                rs.getString("service_id"),
                                                rs.getString("kind"),
                                                rs.getString("state"),
                                                rs.getString("current_instance_type"),
                                                rs.getInt("current_replicas"),
                                                rs.getString("proposed_instance_type"),
                                                (Integer) rs.getObject("proposed_replicas"),
                                                rs.getString("proposed_pricing_model"),
                                                rs.getBigDecimal("monthly_savings_effective"),
                                                rs.getString("currency")))));
    }

    private long deadLetters() {
        try {
            for (ConsumerRecord<byte[], byte[]> r : deadLetters.poll(Duration.ofMillis(100))) {
                deadLettersByReason.merge(reasonCode(r.value()), 1L, Long::sum);
            }
            return deadLettersByReason.values().stream().mapToLong(Long::longValue).sum();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static String reasonCode(byte[] value) {
        try {
            DeadLetter letter = Serdes.deadLetter().deserialize(value);
            return letter.getReasonCode();
        } catch (RecordDecodingException e) {
            return "unreadable";
        }
    }

    /** Dead letters so far by reason code. */
    Map<String, Long> deadLettersByReason() {
        return Map.copyOf(deadLettersByReason);
    }

    private interface Row {
        void accept(ResultSet rs) throws SQLException;
    }

    private void read(String sql, Row row) {
        try (Statement s = connection().createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                row.accept(rs);
            }
        } catch (SQLException e) {
            reconnect();
        }
    }

    private long[] query(String sql, int columns) {
        long[] values = new long[columns];
        java.util.Arrays.fill(values, -1);
        read(
                sql,
                rs -> {
                    for (int i = 0; i < columns; i++) {
                        values[i] = rs.getLong(i + 1);
                    }
                });
        return values;
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            connection =
                    DriverManager.getConnection(
                            database.jdbcUrl(), database.user(), database.password());
        }
        return connection;
    }

    private void reconnect() {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException e) {
            // Closing a broken connection may fail too; a new one is opened on the next poll.
        }
        connection = null;
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? Instant.EPOCH : t.toInstant();
    }

    private static String money(BigDecimal amount) {
        return amount == null
                ? "?"
                : String.format("%,.2f", amount.setScale(2, RoundingMode.HALF_EVEN));
    }

    private static String count(long n) {
        return n < 0 ? "?" : String.format("%,d", n);
    }

    @Override
    public void close() {
        deadLetters.close();
        reconnect();
    }
}

package io.costflow.pipeline.alert;

import io.costflow.pipeline.PipelineOptions;
import io.costflow.schemas.BudgetAlert;
import io.costflow.schemas.SlaAlert;
import io.costflow.schemas.serde.RecordSerde;
import io.costflow.schemas.serde.Serdes;
import java.io.Serializable;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.function.Function;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.jdbc.JdbcConnectionOptions;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The alerts' Kafka and PostgreSQL sinks. Both at-least-once and neither waits for a checkpoint:
 * the Kafka producer sends within {@link PipelineOptions#ALERT_KAFKA_LINGER}, the JDBC sink within
 * {@link PipelineOptions#JDBC_BATCH_INTERVAL}. A repeat after a failover carries the same alertId,
 * which subscribers de-duplicate by and the tables upsert on.
 */
public final class AlertSinks {

    static final String SLA_UPSERT =
            """
            INSERT INTO sla_alert (alert_id, service_id, slo_kind, state, severity,
                long_window_seconds, short_window_seconds, long_window_burn_rate,
                short_window_burn_rate, error_budget_remaining, event_time, emitted_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (alert_id) DO UPDATE SET
                long_window_burn_rate = EXCLUDED.long_window_burn_rate,
                short_window_burn_rate = EXCLUDED.short_window_burn_rate,
                error_budget_remaining = EXCLUDED.error_budget_remaining,
                event_time = EXCLUDED.event_time
            """;

    static final String BUDGET_UPSERT =
            """
            INSERT INTO budget_alert (alert_id, scope, scope_id, kind, period, threshold_percent,
                currency, budget, spend_to_date, provisional_spend, forecast, expected_cost,
                actual_cost, message, event_time, emitted_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (alert_id) DO UPDATE SET
                budget = EXCLUDED.budget,
                spend_to_date = EXCLUDED.spend_to_date,
                provisional_spend = EXCLUDED.provisional_spend,
                forecast = EXCLUDED.forecast,
                expected_cost = EXCLUDED.expected_cost,
                actual_cost = EXCLUDED.actual_cost,
                message = EXCLUDED.message,
                event_time = EXCLUDED.event_time
            """;

    private AlertSinks() {}

    /** SLA alerts to their topic, keyed by serviceId. */
    public static KafkaSink<SlaAlert> slaToKafka(ReadableConfig options) {
        return kafka(
                options,
                options.get(PipelineOptions.ALERT_SLA_TOPIC),
                Serdes.slaAlert(),
                SlaAlert::getServiceId);
    }

    /** Budget, spend burn-rate and anomaly alerts to their topic, keyed by serviceId or owner. */
    public static KafkaSink<BudgetAlert> budgetToKafka(ReadableConfig options) {
        return kafka(
                options,
                options.get(PipelineOptions.ALERT_BUDGET_TOPIC),
                Serdes.budgetAlert(),
                BudgetAlert::getScopeId);
    }

    /** Upserts SLA alerts into {@code sla_alert}; the first emittedAt of an alertId is kept. */
    public static JdbcSink<SlaAlert> slaToPostgres(ReadableConfig options) {
        return jdbc(options, SLA_UPSERT, AlertSinks::bindSla);
    }

    /** Upserts budget alerts into {@code budget_alert}; the first emittedAt is kept. */
    public static JdbcSink<BudgetAlert> budgetToPostgres(ReadableConfig options) {
        return jdbc(options, BUDGET_UPSERT, AlertSinks::bindBudget);
    }

    static void bindSla(PreparedStatement ps, SlaAlert a) throws SQLException {
        ps.setString(1, a.getAlertId());
        ps.setString(2, a.getServiceId());
        ps.setString(3, a.getSloKind().name());
        ps.setString(4, a.getState().name());
        ps.setString(5, a.getSeverity().name());
        ps.setLong(6, a.getLongWindowSeconds());
        ps.setLong(7, a.getShortWindowSeconds());
        ps.setDouble(8, a.getLongWindowBurnRate());
        ps.setDouble(9, a.getShortWindowBurnRate());
        ps.setDouble(10, a.getErrorBudgetRemaining());
        ps.setObject(11, utc(a.getEventTime()));
        ps.setObject(12, utc(a.getEmittedAt()));
    }

    static void bindBudget(PreparedStatement ps, BudgetAlert a) throws SQLException {
        ps.setString(1, a.getAlertId());
        ps.setString(2, a.getScope().name());
        ps.setString(3, a.getScopeId());
        ps.setString(4, a.getKind().name());
        ps.setString(5, a.getPeriod());
        ps.setInt(6, a.getThresholdPercent());
        ps.setString(7, a.getCurrency());
        ps.setBigDecimal(8, a.getBudget());
        ps.setBigDecimal(9, a.getSpendToDate());
        ps.setBigDecimal(10, a.getProvisionalSpend());
        setNullable(ps, 11, a.getForecast());
        setNullable(ps, 12, a.getExpectedCost());
        setNullable(ps, 13, a.getActualCost());
        ps.setString(14, a.getMessage());
        ps.setObject(15, utc(a.getEventTime()));
        ps.setObject(16, utc(a.getEmittedAt()));
    }

    private static void setNullable(PreparedStatement ps, int index, BigDecimal value)
            throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.NUMERIC);
        } else {
            ps.setBigDecimal(index, value);
        }
    }

    private static <T> KafkaSink<T> kafka(
            ReadableConfig options, String topic, RecordSerde<T> serde, Key<T> key) {
        KafkaRecordSerializationSchema<T> schema =
                (record, context, timestamp) ->
                        new ProducerRecord<>(
                                topic,
                                key.apply(record).getBytes(StandardCharsets.UTF_8),
                                serde.serialize(record));
        return KafkaSink.<T>builder()
                .setBootstrapServers(options.get(PipelineOptions.KAFKA_BOOTSTRAP_SERVERS))
                .setRecordSerializer(schema)
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setProperty(
                        "linger.ms",
                        String.valueOf(options.get(PipelineOptions.ALERT_KAFKA_LINGER).toMillis()))
                .build();
    }

    private static <T> JdbcSink<T> jdbc(
            ReadableConfig options, String upsert, JdbcStatementBuilder<T> binder) {
        return JdbcSink.<T>builder()
                .withQueryStatement(upsert, binder)
                .withExecutionOptions(
                        JdbcExecutionOptions.builder()
                                .withBatchSize(options.get(PipelineOptions.JDBC_BATCH_SIZE))
                                .withBatchIntervalMs(
                                        options.get(PipelineOptions.JDBC_BATCH_INTERVAL).toMillis())
                                .withMaxRetries(5)
                                .build())
                .buildAtLeastOnce(
                        new JdbcConnectionOptions.JdbcConnectionOptionsBuilder()
                                .withUrl(options.get(PipelineOptions.JDBC_URL))
                                .withDriverName("org.postgresql.Driver")
                                .withUsername(options.get(PipelineOptions.JDBC_USER))
                                .withPassword(options.get(PipelineOptions.JDBC_PASSWORD))
                                .build());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /** The record's Kafka key. */
    @FunctionalInterface
    interface Key<T> extends Function<T, String>, Serializable {}
}

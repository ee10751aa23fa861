package io.costflow.pipeline.sink;

import io.costflow.pipeline.PipelineOptions;
import io.costflow.schemas.ServiceCostWindow;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.connector.jdbc.JdbcConnectionOptions;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;

/**
 * Upserts cost windows into PostgreSQL's {@code cost_window} table, keyed by (service, window
 * start). A row is only replaced by the same or a higher revision, so a replay after a failure, or
 * an older revision arriving late, converges to the same rows.
 */
public final class CostWindowJdbcSink {

    static final String UPSERT =
            """
            INSERT INTO cost_window (service_id, window_start, window_end, status, revision,
                currency, billed_cost, effective_cost, provisional_cost, request_count,
                error_count, resource_count, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (service_id, window_start) DO UPDATE SET
                window_end = EXCLUDED.window_end,
                status = EXCLUDED.status,
                revision = EXCLUDED.revision,
                currency = EXCLUDED.currency,
                billed_cost = EXCLUDED.billed_cost,
                effective_cost = EXCLUDED.effective_cost,
                provisional_cost = EXCLUDED.provisional_cost,
                request_count = EXCLUDED.request_count,
                error_count = EXCLUDED.error_count,
                resource_count = EXCLUDED.resource_count,
                updated_at = EXCLUDED.updated_at
            WHERE cost_window.revision <= EXCLUDED.revision
            """;

    private CostWindowJdbcSink() {}

    /** An at-least-once sink; idempotent upserts make its repeats harmless. */
    public static JdbcSink<ServiceCostWindow> create(ReadableConfig options) {
        return JdbcSink.<ServiceCostWindow>builder()
                .withQueryStatement(UPSERT, CostWindowJdbcSink::bind)
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

    static void bind(PreparedStatement ps, ServiceCostWindow w) throws SQLException {
        ps.setString(1, w.getServiceId());
        ps.setObject(2, utc(w.getWindowStart()));
        ps.setObject(3, utc(w.getWindowEnd()));
        ps.setString(4, w.getStatus().name());
        ps.setLong(5, w.getRevision());
        ps.setString(6, w.getCurrency());
        ps.setBigDecimal(7, w.getBilledCost());
        ps.setBigDecimal(8, w.getEffectiveCost());
        ps.setBigDecimal(9, w.getProvisionalCost());
        ps.setLong(10, w.getRequestCount());
        ps.setLong(11, w.getErrorCount());
        ps.setInt(12, w.getResourceCount());
        ps.setObject(13, utc(w.getUpdatedAt()));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}

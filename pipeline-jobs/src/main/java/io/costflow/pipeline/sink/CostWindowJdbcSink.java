package io.costflow.pipeline.sink;

import io.costflow.pipeline.PipelineOptions;
import io.costflow.schemas.ChargeCategoryCost;
import io.costflow.schemas.LatencyHistogram;
import io.costflow.schemas.ServiceCostWindow;
import io.costflow.schemas.UtilizationStats;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.StringJoiner;
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
                error_count, resource_count, updated_at, cost_per_million_requests, idle_cost,
                cost_by_category, cpu_p50, cpu_p95, cpu_p99, cpu_max, memory_p50, memory_p95,
                memory_p99, memory_max, latency_histogram)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?,
                ?::jsonb)
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
                updated_at = EXCLUDED.updated_at,
                cost_per_million_requests = EXCLUDED.cost_per_million_requests,
                idle_cost = EXCLUDED.idle_cost,
                cost_by_category = EXCLUDED.cost_by_category,
                cpu_p50 = EXCLUDED.cpu_p50,
                cpu_p95 = EXCLUDED.cpu_p95,
                cpu_p99 = EXCLUDED.cpu_p99,
                cpu_max = EXCLUDED.cpu_max,
                memory_p50 = EXCLUDED.memory_p50,
                memory_p95 = EXCLUDED.memory_p95,
                memory_p99 = EXCLUDED.memory_p99,
                memory_max = EXCLUDED.memory_max,
                latency_histogram = EXCLUDED.latency_histogram
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
        ps.setBigDecimal(14, w.getCostPerMillionRequests());
        ps.setBigDecimal(15, w.getIdleCost());
        ps.setString(16, categoriesJson(w.getCostByChargeCategory()));
        setStats(ps, 17, w.getCpuUtilization());
        setStats(ps, 21, w.getMemoryUtilization());
        ps.setString(25, latencyJson(w.getLatency()));
    }

    private static void setStats(PreparedStatement ps, int first, UtilizationStats stats)
            throws SQLException {
        Double[] values =
                stats == null
                        ? new Double[4]
                        : new Double[] {
                            stats.getP50(), stats.getP95(), stats.getP99(), stats.getMax()
                        };
        for (int i = 0; i < 4; i++) {
            if (values[i] == null) {
                ps.setNull(first + i, Types.DOUBLE);
            } else {
                ps.setDouble(first + i, values[i]);
            }
        }
    }

    /** {"USAGE":"1.250000000000",...}: category names are enum symbols, amounts plain decimals. */
    static String categoriesJson(List<ChargeCategoryCost> costs) {
        StringJoiner json = new StringJoiner(",", "{", "}");
        for (ChargeCategoryCost c : costs) {
            json.add(
                    "\""
                            + c.getChargeCategory().name()
                            + "\":\""
                            + c.getCost().toPlainString()
                            + "\"");
        }
        return json.toString();
    }

    /** {"boundsMs":[5.0,10.0],"counts":[3,4,0]}, or null without telemetry. */
    static String latencyJson(LatencyHistogram h) {
        if (h == null) {
            return null;
        }
        StringJoiner bounds = new StringJoiner(",", "[", "]");
        h.getBucketBoundsMs().forEach(b -> bounds.add(Double.toString(b)));
        StringJoiner counts = new StringJoiner(",", "[", "]");
        h.getBucketCounts().forEach(c -> counts.add(Long.toString(c)));
        return "{\"boundsMs\":" + bounds + ",\"counts\":" + counts + "}";
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}

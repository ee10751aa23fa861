package io.costflow.api;

import io.costflow.infra.junit.TestDatabase;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Writes {@code cost_window} and {@code service_config} rows the way the pipeline's sinks do. */
public final class CostWindowRows {

    private static final String INSERT_WINDOW =
            """
            INSERT INTO cost_window (service_id, window_start, window_end, status, revision,
                currency, billed_cost, effective_cost, provisional_cost, request_count,
                error_count, resource_count, updated_at, cost_by_category, cpu_p50, cpu_p95,
                cpu_p99, cpu_max, memory_p50, memory_p95, memory_p99, memory_max,
                latency_histogram)
            VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, 1, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?,
                ?::jsonb)
            """;

    private static final String INSERT_CONFIG =
            """
            INSERT INTO service_config (service_id, owner, availability_target,
                latency_threshold_ms, latency_target, monthly_budget, budget_currency,
                budget_time_zone, instance_type, replicas, version, updated_at)
            VALUES (?, ?, ?, ?, ?, 100, 'USD', 'UTC', 'm5.large', 2, 1, now())
            """;

    private final TestDatabase db;

    public CostWindowRows(TestDatabase db) {
        this.db = db;
    }

    /** One hour-long window; {@code cpu} null means no telemetry, {@code latency} may be null. */
    public record Window(
            String serviceId,
            Instant start,
            String status,
            String currency,
            String billed,
            String effective,
            long requests,
            long errors,
            String categoriesJson,
            Double cpuP95,
            String latencyJson) {}

    public void insert(Window w) throws SQLException {
        BigDecimal billed = new BigDecimal(w.billed());
        try (Connection c = db.connect();
                PreparedStatement s = c.prepareStatement(INSERT_WINDOW)) {
            s.setString(1, w.serviceId());
            s.setObject(2, utc(w.start()));
            s.setObject(3, utc(w.start().plus(Duration.ofHours(1))));
            s.setString(4, w.status());
            s.setString(5, w.currency());
            s.setBigDecimal(6, billed);
            s.setBigDecimal(7, new BigDecimal(w.effective()));
            s.setBigDecimal(8, w.status().equals("PROVISIONAL") ? billed : BigDecimal.ZERO);
            s.setLong(9, w.requests());
            s.setLong(10, w.errors());
            s.setObject(11, utc(w.start().plus(Duration.ofHours(2))));
            s.setString(12, w.categoriesJson() == null ? "{}" : w.categoriesJson());
            for (int i = 13; i <= 20; i++) {
                if (w.cpuP95() == null || i > 16) {
                    s.setNull(i, Types.DOUBLE);
                } else {
                    // p50, p95, p99, max of CPU; memory left without telemetry.
                    double[] cpu = {w.cpuP95() / 2, w.cpuP95(), w.cpuP95() + 0.01, 1.0};
                    s.setDouble(i, cpu[i - 13]);
                }
            }
            s.setString(21, w.latencyJson());
            s.executeUpdate();
        }
    }

    public void config(
            String serviceId,
            String owner,
            double availabilityTarget,
            double latencyThresholdMs,
            double latencyTarget)
            throws SQLException {
        try (Connection c = db.connect();
                PreparedStatement s = c.prepareStatement(INSERT_CONFIG)) {
            s.setString(1, serviceId);
            s.setString(2, owner);
            s.setDouble(3, availabilityTarget);
            s.setDouble(4, latencyThresholdMs);
            s.setDouble(5, latencyTarget);
            s.executeUpdate();
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}

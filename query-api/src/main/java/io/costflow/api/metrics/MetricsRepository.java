package io.costflow.api.metrics;

import io.costflow.api.DataAccessException;
import io.costflow.schemas.LatencyHistogram;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Reads the telemetry side of {@code cost_window} and the SLOs of {@code service_config}. Blocking:
 * call it from a blocking executor.
 */
@Singleton
class MetricsRepository {

    private static final String COLUMNS =
            """
            service_id, window_start, window_end, status, currency, effective_cost,
            request_count, error_count, cpu_p50, cpu_p95, cpu_p99, cpu_max, memory_p50,
            memory_p95, memory_p99, memory_max, latency_histogram::text AS latency_histogram
            """;

    private static final String IN_RANGE =
            "SELECT "
                    + COLUMNS
                    + """
                     FROM cost_window
                     WHERE service_id = ? AND window_start >= ? AND window_start < ?
                     ORDER BY window_start
                    """;

    private static final String LATEST =
            "SELECT "
                    + COLUMNS
                    + """
                     FROM cost_window
                     WHERE service_id = ?
                       AND window_start > (SELECT max(window_start) FROM cost_window
                                            WHERE service_id = ?) - make_interval(secs => ?)
                     ORDER BY window_start
                    """;

    // One page of service ids, then each one's newest window through the primary key.
    private static final String LATEST_PER_SERVICE =
            "SELECT w.* FROM (SELECT DISTINCT service_id FROM cost_window"
                    + " WHERE (?::text IS NULL OR service_id > ?) ORDER BY service_id"
                    + " LIMIT ? OFFSET ?) ids CROSS JOIN LATERAL (SELECT "
                    + COLUMNS
                    + " FROM cost_window c WHERE c.service_id = ids.service_id"
                    + " ORDER BY window_start DESC LIMIT 1) w ORDER BY w.service_id";

    private static final String COUNT_SERVICES =
            "SELECT count(DISTINCT service_id) FROM cost_window";

    private static final String SLO =
            """
            SELECT availability_target, latency_threshold_ms, latency_target
              FROM service_config WHERE service_id = ?
            """;

    private static final String SERVICE_EXISTS =
            """
            SELECT EXISTS (SELECT 1 FROM cost_window WHERE service_id = ?)
                OR EXISTS (SELECT 1 FROM service_config WHERE service_id = ?)
            """;

    /** The stored form of a latency histogram (see the pipeline's cost-window sink). */
    @Serdeable
    record HistogramDocument(List<Double> boundsMs, List<Long> counts) {}

    private final DataSource dataSource;
    private final ObjectMapper json;

    MetricsRepository(DataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    /** The service's windows starting in {@code [from, to)}, oldest first. */
    List<MetricWindow> inRange(String serviceId, Instant from, Instant to) {
        return query(
                IN_RANGE,
                "windows of " + serviceId,
                s -> {
                    s.setString(1, serviceId);
                    s.setObject(2, utc(from));
                    s.setObject(3, utc(to));
                });
    }

    /** The service's windows starting within {@code lookback} of its newest window start. */
    List<MetricWindow> latest(String serviceId, Duration lookback) {
        return query(
                LATEST,
                "latest windows of " + serviceId,
                s -> {
                    s.setString(1, serviceId);
                    s.setString(2, serviceId);
                    s.setLong(3, lookback.toSeconds());
                });
    }

    /**
     * The newest window of each service on one page of service ids: {@code limit} ids from {@code
     * offset} on, of those after {@code afterId} when it is set.
     */
    List<MetricWindow> latestPerService(@Nullable String afterId, int offset, int limit) {
        return query(
                LATEST_PER_SERVICE,
                "latest window per service",
                s -> {
                    s.setString(1, afterId);
                    s.setString(2, afterId);
                    s.setInt(3, limit);
                    s.setInt(4, offset);
                });
    }

    long countServices() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(COUNT_SERVICES);
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new DataAccessException("cannot count services", e);
        }
    }

    Optional<SloConfig> slo(String serviceId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(SLO)) {
            s.setString(1, serviceId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(
                        new SloConfig(
                                rs.getDouble("availability_target"),
                                rs.getDouble("latency_threshold_ms"),
                                rs.getDouble("latency_target")));
            }
        } catch (SQLException e) {
            throw new DataAccessException("cannot read the SLOs of " + serviceId, e);
        }
    }

    /** Whether the service has a cost window or a config. */
    boolean serviceExists(String serviceId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(SERVICE_EXISTS)) {
            s.setString(1, serviceId);
            s.setString(2, serviceId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new DataAccessException("cannot look up service " + serviceId, e);
        }
    }

    private interface Binder {
        void bind(PreparedStatement s) throws SQLException;
    }

    private List<MetricWindow> query(String sql, String what, Binder binder) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            binder.bind(s);
            try (ResultSet rs = s.executeQuery()) {
                List<MetricWindow> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(row(rs));
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new DataAccessException("cannot read " + what, e);
        }
    }

    private MetricWindow row(ResultSet rs) throws SQLException {
        return new MetricWindow(
                rs.getString("service_id"),
                rs.getObject("window_start", OffsetDateTime.class).toInstant(),
                rs.getObject("window_end", OffsetDateTime.class).toInstant(),
                rs.getString("status"),
                rs.getString("currency"),
                rs.getBigDecimal("effective_cost"),
                rs.getLong("request_count"),
                rs.getLong("error_count"),
                utilisation(rs, "cpu"),
                utilisation(rs, "memory"),
                histogram(rs.getString("latency_histogram")));
    }

    private static Utilisation utilisation(ResultSet rs, String prefix) throws SQLException {
        double p50 = rs.getDouble(prefix + "_p50");
        if (rs.wasNull()) {
            return null;
        }
        return new Utilisation(
                p50,
                rs.getDouble(prefix + "_p95"),
                rs.getDouble(prefix + "_p99"),
                rs.getDouble(prefix + "_max"));
    }

    private LatencyHistogram histogram(String document) throws SQLException {
        if (document == null) {
            return null;
        }
        try {
            HistogramDocument h = json.readValue(document, HistogramDocument.class);
            return LatencyHistogram.newBuilder()
                    .setBucketBoundsMs(new ArrayList<>(h.boundsMs()))
                    .setBucketCounts(new ArrayList<>(h.counts()))
                    .build();
        } catch (IOException e) {
            throw new SQLException("unreadable latency_histogram: " + document, e);
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}

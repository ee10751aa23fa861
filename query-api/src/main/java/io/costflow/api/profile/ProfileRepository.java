package io.costflow.api.profile;

import io.costflow.api.DataAccessException;
import io.costflow.schemas.CostStatus;
import io.costflow.schemas.Decimals;
import io.costflow.schemas.LatencyHistogram;
import io.costflow.schemas.ServiceConfig;
import io.costflow.schemas.ServiceCostWindow;
import io.costflow.schemas.UtilizationStats;
import io.micronaut.json.JsonMapper;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Reads what a service profile is built from: the service's config and its cost windows of the
 * lookback, as the pipeline wrote them. Blocking: call it off the event loop.
 */
@Singleton
class ProfileRepository {

    /** The JSON the pipeline's sink writes for a latency histogram. */
    @Serdeable
    record HistogramJson(List<Double> boundsMs, List<Long> counts) {}

    private final DataSource dataSource;
    private final JsonMapper json;

    ProfileRepository(DataSource dataSource, JsonMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    /**
     * A service's config as the pipeline sees it.
     *
     * @param deployedAt when its instance type or replicas last changed; null when they have not
     *     since its first config
     */
    record StoredConfig(ServiceConfig config, Instant deployedAt) {}

    Optional<StoredConfig> config(String serviceId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(ProfileQueries.CONFIG)) {
            s.setString(1, serviceId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                BigDecimal budget = rs.getBigDecimal("monthly_budget");
                ServiceConfig config =
                        ServiceConfig.newBuilder()
                                .setServiceId(rs.getString("service_id"))
                                .setOwner(rs.getString("owner"))
                                .setAvailabilityTarget(rs.getDouble("availability_target"))
                                .setLatencyThresholdMs(rs.getDouble("latency_threshold_ms"))
                                .setLatencyTarget(rs.getDouble("latency_target"))
                                .setMonthlyBudget(
                                        budget == null ? null : Decimals.normalize(budget))
                                .setBudgetCurrency(rs.getString("budget_currency"))
                                .setBudgetTimeZone(rs.getString("budget_time_zone"))
                                .setInstanceType(rs.getString("instance_type"))
                                .setReplicas(rs.getInt("replicas"))
                                .setVersion(rs.getLong("version"))
                                .setUpdatedAt(instant(rs, "updated_at"))
                                .build();
                OffsetDateTime deployedAt = rs.getObject("deployed_at", OffsetDateTime.class);
                return Optional.of(
                        new StoredConfig(
                                config, deployedAt == null ? null : deployedAt.toInstant()));
            }
        } catch (SQLException e) {
            throw new DataAccessException("cannot read the config of " + serviceId, e);
        }
    }

    /**
     * The service's windows starting within {@code lookback} before its newest window's end, and
     * not before {@code deployedAt} (when not null).
     */
    List<ServiceCostWindow> recentWindows(String serviceId, Duration lookback, Instant deployedAt) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(ProfileQueries.RECENT_WINDOWS)) {
            s.setString(1, serviceId);
            s.setString(2, serviceId);
            s.setLong(3, lookback.toSeconds());
            s.setObject(
                    4,
                    deployedAt == null ? null : deployedAt.atOffset(ZoneOffset.UTC),
                    Types.TIMESTAMP_WITH_TIMEZONE);
            try (ResultSet rs = s.executeQuery()) {
                List<ServiceCostWindow> windows = new ArrayList<>();
                while (rs.next()) {
                    windows.add(window(serviceId, rs));
                }
                return windows;
            }
        } catch (SQLException e) {
            throw new DataAccessException("cannot read the cost windows of " + serviceId, e);
        }
    }

    private ServiceCostWindow window(String serviceId, ResultSet rs) throws SQLException {
        BigDecimal perMillion = rs.getBigDecimal("cost_per_million_requests");
        return ServiceCostWindow.newBuilder()
                .setServiceId(serviceId)
                .setWindowStart(instant(rs, "window_start"))
                .setWindowEnd(instant(rs, "window_end"))
                .setStatus(CostStatus.valueOf(rs.getString("status")))
                .setRevision(rs.getLong("revision"))
                .setCurrency(rs.getString("currency"))
                .setBilledCost(Decimals.normalize(rs.getBigDecimal("billed_cost")))
                .setEffectiveCost(Decimals.normalize(rs.getBigDecimal("effective_cost")))
                .setProvisionalCost(Decimals.normalize(rs.getBigDecimal("provisional_cost")))
                .setCostPerMillionRequests(
                        perMillion == null ? null : Decimals.normalize(perMillion))
                .setRequestCount(rs.getLong("request_count"))
                .setErrorCount(rs.getLong("error_count"))
                .setResourceCount(rs.getInt("resource_count"))
                .setIdleCost(Decimals.normalize(rs.getBigDecimal("idle_cost")))
                .setUpdatedAt(instant(rs, "updated_at"))
                .setCpuUtilization(stats(rs, "cpu"))
                .setMemoryUtilization(stats(rs, "memory"))
                .setLatency(histogram(serviceId, rs.getString("latency_histogram")))
                .build();
    }

    /**
     * The table keeps a window's percentiles but not its sample count; a window with percentiles
     * had at least one sample, which is all the profile asks of the count.
     */
    private static UtilizationStats stats(ResultSet rs, String prefix) throws SQLException {
        double p50 = rs.getDouble(prefix + "_p50");
        if (rs.wasNull()) {
            return null;
        }
        return UtilizationStats.newBuilder()
                .setSamples(1)
                .setP50(p50)
                .setP95(rs.getDouble(prefix + "_p95"))
                .setP99(rs.getDouble(prefix + "_p99"))
                .setMax(rs.getDouble(prefix + "_max"))
                .build();
    }

    private LatencyHistogram histogram(String serviceId, String text) {
        if (text == null) {
            return null;
        }
        try {
            HistogramJson h = json.readValue(text, HistogramJson.class);
            return LatencyHistogram.newBuilder()
                    .setBucketBoundsMs(h.boundsMs())
                    .setBucketCounts(h.counts())
                    .build();
        } catch (IOException e) {
            throw new DataAccessException(
                    "unreadable latency histogram of " + serviceId + ": " + text, e);
        }
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }
}

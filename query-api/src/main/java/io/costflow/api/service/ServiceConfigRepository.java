package io.costflow.api.service;

import io.costflow.api.DataAccessException;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * Reads and writes {@code service_config} with plain JDBC. Blocking: call it off the event loop.
 */
@Singleton
public class ServiceConfigRepository {

    private static final String COLUMNS =
            """
            service_id, owner, availability_target, latency_threshold_ms, latency_target,
            monthly_budget, budget_currency, budget_time_zone, instance_type, replicas, version,
            updated_at, deployed_at""";

    private static final String FIND =
            "SELECT " + COLUMNS + " FROM service_config WHERE service_id = ?";

    private static final String LOCK_SERVICE =
            "SELECT pg_advisory_xact_lock(hashtextextended('service_config:' || ?, 0))";

    private static final String FIND_FOR_UPDATE = FIND + " FOR UPDATE";

    /** Applies or rolls back a deployment; migration V8's trigger keeps {@code deployed_at}. */
    private static final String UPDATE_DEPLOYMENT =
            "UPDATE service_config SET instance_type = ?, replicas = ?, version = version + 1,"
                    + " updated_at = ?, published_version = version + 1 WHERE service_id = ?"
                    + " RETURNING "
                    + COLUMNS;

    private static final String PAGE =
            "SELECT "
                    + COLUMNS
                    + " FROM service_config WHERE (?::text IS NULL OR service_id > ?)"
                    + " ORDER BY service_id LIMIT ? OFFSET ?";

    private static final String COUNT = "SELECT count(*) FROM service_config";

    /** A config whose deployed_at the topic lacks (migration V8). */
    private static final String UNPUBLISHED =
            " deployed_at IS NOT NULL AND published_version IS DISTINCT FROM version";

    private static final String NEXT_TO_REPUBLISH =
            "SELECT service_id FROM service_config WHERE"
                    + UNPUBLISHED
                    + " ORDER BY service_id LIMIT 1";

    private static final String MARK_PUBLISHED =
            "UPDATE service_config SET published_version = version WHERE service_id = ? AND"
                    + UNPUBLISHED
                    + " RETURNING "
                    + COLUMNS;

    /**
     * Inserts version 1, or replaces the row with version + 1 if anything differs; returns nothing
     * for an identical config. The row stays locked until commit, so concurrent writes of one
     * service are serialised and publish in version order. Migration V8's trigger keeps {@code
     * deployed_at}.
     */
    private static final String UPSERT =
            "INSERT INTO service_config ("
                    + COLUMNS
                    + """
                    , published_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, NULL, 1)
                    ON CONFLICT (service_id) DO UPDATE SET
                        owner = EXCLUDED.owner,
                        availability_target = EXCLUDED.availability_target,
                        latency_threshold_ms = EXCLUDED.latency_threshold_ms,
                        latency_target = EXCLUDED.latency_target,
                        monthly_budget = EXCLUDED.monthly_budget,
                        budget_currency = EXCLUDED.budget_currency,
                        budget_time_zone = EXCLUDED.budget_time_zone,
                        instance_type = EXCLUDED.instance_type,
                        replicas = EXCLUDED.replicas,
                        version = service_config.version + 1,
                        updated_at = EXCLUDED.updated_at,
                        published_version = service_config.version + 1
                    WHERE (service_config.owner, service_config.availability_target,
                           service_config.latency_threshold_ms, service_config.latency_target,
                           service_config.monthly_budget, service_config.budget_currency,
                           service_config.budget_time_zone, service_config.instance_type,
                           service_config.replicas)
                          IS DISTINCT FROM
                          (EXCLUDED.owner, EXCLUDED.availability_target,
                           EXCLUDED.latency_threshold_ms, EXCLUDED.latency_target,
                           EXCLUDED.monthly_budget, EXCLUDED.budget_currency,
                           EXCLUDED.budget_time_zone, EXCLUDED.instance_type, EXCLUDED.replicas)
                    RETURNING (xmax = 0) AS inserted, """
                    + COLUMNS;

    /** The outcome of a write: the stored row, and whether it was new or changed. */
    record Write(ServiceConfigRow row, boolean created, boolean changed) {}

    private final DataSource dataSource;
    private final ConfigChangeLog changeLog;

    ServiceConfigRepository(DataSource dataSource, ConfigChangeLog changeLog) {
        this.dataSource = dataSource;
        this.changeLog = changeLog;
    }

    Optional<ServiceConfigRow> find(String serviceId) {
        try (Connection c = dataSource.getConnection()) {
            return find(c, serviceId);
        } catch (SQLException e) {
            throw new DataAccessException("cannot read the config of " + serviceId, e);
        }
    }

    /**
     * Configs ordered by service id, {@code limit} from row {@code offset} on, of the services
     * after {@code afterId} when it is set.
     */
    List<ServiceConfigRow> page(@Nullable String afterId, long offset, int limit) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(PAGE)) {
            s.setString(1, afterId);
            s.setString(2, afterId);
            s.setInt(3, limit);
            s.setLong(4, offset);
            try (ResultSet rs = s.executeQuery()) {
                List<ServiceConfigRow> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(row(rs));
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new DataAccessException("cannot list service configs", e);
        }
    }

    long count() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(COUNT);
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new DataAccessException("cannot count service configs", e);
        }
    }

    /**
     * Stores {@code config} (its {@code version} is ignored: the row decides it) and, if the row is
     * new or changed, hands the stored row to {@code beforeCommit} inside the transaction. If that
     * throws, the transaction is rolled back and the exception propagates: nothing is stored unless
     * {@code beforeCommit} succeeded. A new or changed config is recorded as a PUT change of {@code
     * actorKeyId}.
     */
    Write upsert(
            ServiceConfigRow config, String actorKeyId, Consumer<ServiceConfigRow> beforeCommit) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                ServiceConfigRow before = lockForUpdate(c, config.serviceId()).orElse(null);
                Write write = upsert(c, config);
                if (write.changed()) {
                    changeLog.record(
                            c,
                            ConfigChangeLog.Kind.PUT,
                            null,
                            null,
                            before,
                            write.row(),
                            null,
                            actorKeyId,
                            write.row().updatedAt());
                    beforeCommit.accept(write.row());
                }
                c.commit();
                return write;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new DataAccessException("cannot write the config of " + config.serviceId(), e);
        }
    }

    private static Write upsert(Connection c, ServiceConfigRow config) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(UPSERT)) {
            s.setString(1, config.serviceId());
            s.setString(2, config.owner());
            s.setDouble(3, config.availabilityTarget());
            s.setDouble(4, config.latencyThresholdMs());
            s.setDouble(5, config.latencyTarget());
            if (config.monthlyBudget() == null) {
                s.setNull(6, Types.NUMERIC);
            } else {
                s.setBigDecimal(6, config.monthlyBudget());
            }
            s.setString(7, config.currency());
            s.setString(8, config.budgetTimeZone());
            s.setString(9, config.instanceType());
            s.setInt(10, config.replicas());
            s.setObject(11, OffsetDateTime.ofInstant(config.updatedAt(), ZoneOffset.UTC));
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next()) {
                    // xmax is 0 only for a row version written by an INSERT, not by the DO UPDATE.
                    return new Write(row(rs), rs.getBoolean("inserted"), true);
                }
            }
        }
        ServiceConfigRow unchanged =
                find(c, config.serviceId())
                        .orElseThrow(() -> new SQLException("row vanished during upsert"));
        return new Write(unchanged, false, false);
    }

    /**
     * The service's config, locked until the transaction of {@code c} ends, so changes of one
     * service are serialised.
     *
     * <p>A row lock alone cannot serialise the first writes of a service, since there is no row yet
     * to lock: two first PUTs would both read "no config" and both record it as the service's first
     * config. So the service id is locked first with a transaction-scoped advisory lock (keyed by a
     * hash of the id; two ids with the same hash only wait for each other), and the row is read
     * after it is granted, when any config committed meanwhile is visible.
     */
    public static Optional<ServiceConfigRow> lockForUpdate(Connection c, String serviceId)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(LOCK_SERVICE)) {
            s.setString(1, serviceId);
            s.execute();
        }
        try (PreparedStatement s = c.prepareStatement(FIND_FOR_UPDATE)) {
            s.setString(1, serviceId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    /**
     * Hands one config whose {@code deployed_at} the topic lacks (its {@code published_version} is
     * not its version: filled in by migration V8, or written by an API of the release before) to
     * {@code publish} under the lock every write of the service takes, and marks it published if
     * {@code publish} returns; so a record published meanwhile by a write is not overtaken by an
     * older one. Returns false when there is none.
     *
     * @throws DataAccessException if PostgreSQL fails; whatever {@code publish} throws propagates
     *     and leaves the config unmarked
     */
    boolean republishNext(Consumer<ServiceConfigRow> publish) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                String serviceId;
                try (PreparedStatement s = c.prepareStatement(NEXT_TO_REPUBLISH);
                        ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        c.commit();
                        return false;
                    }
                    serviceId = rs.getString(1);
                }
                lockForUpdate(c, serviceId);
                try (PreparedStatement s = c.prepareStatement(MARK_PUBLISHED)) {
                    s.setString(1, serviceId);
                    try (ResultSet rs = s.executeQuery()) {
                        // Nothing when another API instance published it while this one waited.
                        if (rs.next()) {
                            publish.accept(row(rs));
                        }
                    }
                }
                c.commit();
                return true;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new DataAccessException("cannot republish service configs", e);
        }
    }

    /**
     * Sets the instance type and replicas of a config locked with {@link #lockForUpdate}; returns
     * the stored row with version + 1.
     */
    public static ServiceConfigRow updateDeployment(
            Connection c, String serviceId, String instanceType, int replicas, Instant at)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(UPDATE_DEPLOYMENT)) {
            s.setString(1, instanceType);
            s.setInt(2, replicas);
            s.setObject(3, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
            s.setString(4, serviceId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("config of " + serviceId + " vanished while locked");
                }
                return row(rs);
            }
        }
    }

    private static Optional<ServiceConfigRow> find(Connection c, String serviceId)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(FIND)) {
            s.setString(1, serviceId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    private static ServiceConfigRow row(ResultSet rs) throws SQLException {
        return new ServiceConfigRow(
                rs.getString("service_id"),
                rs.getString("owner"),
                rs.getDouble("availability_target"),
                rs.getDouble("latency_threshold_ms"),
                rs.getDouble("latency_target"),
                rs.getBigDecimal("monthly_budget"),
                rs.getString("budget_currency"),
                rs.getString("budget_time_zone"),
                rs.getString("instance_type"),
                rs.getInt("replicas"),
                rs.getLong("version"),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant(),
                instant(rs.getObject("deployed_at", OffsetDateTime.class)));
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}

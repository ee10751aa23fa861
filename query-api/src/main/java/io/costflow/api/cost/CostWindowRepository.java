package io.costflow.api.cost;

import io.costflow.api.DataAccessException;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Reads {@code cost_window} with plain JDBC. Blocking: call it from a blocking executor. */
@Singleton
class CostWindowRepository {

    private static final String FIND_IN_RANGE =
            """
            SELECT window_start, window_end, status, revision, currency, billed_cost,
                   effective_cost, provisional_cost, request_count, error_count,
                   resource_count, updated_at
              FROM cost_window
             WHERE service_id = ? AND window_start >= ? AND window_start < ?
             ORDER BY window_start
            """;

    private static final String SERVICE_EXISTS =
            "SELECT EXISTS (SELECT 1 FROM cost_window WHERE service_id = ?)";

    private final DataSource dataSource;

    CostWindowRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The service's windows starting in {@code [from, to)}, oldest first. */
    List<CostWindowRow> findInRange(String serviceId, Instant from, Instant to) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(FIND_IN_RANGE)) {
            s.setString(1, serviceId);
            s.setObject(2, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
            s.setObject(3, OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
            try (ResultSet rs = s.executeQuery()) {
                List<CostWindowRow> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(row(rs));
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new DataAccessException("cannot read cost windows of " + serviceId, e);
        }
    }

    /** Whether the service has any cost window at all. */
    boolean serviceExists(String serviceId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(SERVICE_EXISTS)) {
            s.setString(1, serviceId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new DataAccessException("cannot look up service " + serviceId, e);
        }
    }

    /** Reads the columns of {@link #FIND_IN_RANGE} by position: a name is a look-up per cell. */
    private static CostWindowRow row(ResultSet rs) throws SQLException {
        return new CostWindowRow(
                instant(rs, 1),
                instant(rs, 2),
                rs.getString(3),
                rs.getLong(4),
                rs.getString(5),
                rs.getBigDecimal(6),
                rs.getBigDecimal(7),
                rs.getBigDecimal(8),
                rs.getLong(9),
                rs.getLong(10),
                rs.getInt(11),
                instant(rs, 12));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }
}

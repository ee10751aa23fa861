package io.costflow.api.alert;

import io.costflow.api.DataAccessException;
import io.costflow.api.PageCursor;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
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

/**
 * Reads {@code sla_alert} and {@code budget_alert} as one list. Blocking: call it off the event
 * loop.
 */
@Singleton
class AlertRepository {

    /**
     * Both tables in one shape. Each filter is bound twice ({@code ? IS NULL} switches it off);
     * budget alerts have no state, so a state filter leaves only SLA alerts.
     */
    private static final String ALERTS =
            """
            SELECT alert_id, 'SLA' AS kind, 'SERVICE' AS scope, service_id AS scope_id, state,
                   severity, slo_kind, long_window_burn_rate, short_window_burn_rate,
                   error_budget_remaining, NULL::text AS period, NULL::int AS threshold_percent,
                   NULL::text AS currency, NULL::numeric AS budget, NULL::numeric AS spend_to_date,
                   NULL::numeric AS forecast, NULL::text AS message, event_time, emitted_at
              FROM sla_alert
             WHERE ?::boolean
               AND (?::text IS NULL OR service_id = ?)
               AND (?::text IS NULL OR state = ?)
               AND (?::timestamptz IS NULL OR event_time >= ?)
               AND (?::timestamptz IS NULL OR event_time < ?)
            UNION ALL
            SELECT alert_id, kind, scope, scope_id, NULL, NULL, NULL, NULL, NULL, NULL, period,
                   threshold_percent, currency, budget, spend_to_date, forecast, message,
                   event_time, emitted_at
              FROM budget_alert
             WHERE ?::boolean
               AND (?::text IS NULL OR kind = ?)
               AND (?::text IS NULL OR (scope = 'SERVICE' AND scope_id = ?))
               AND ?::text IS NULL
               AND (?::timestamptz IS NULL OR event_time >= ?)
               AND (?::timestamptz IS NULL OR event_time < ?)
            """;

    /** A page of the list, after a position (the last item of the previous page) if one is set. */
    private static final String PAGE =
            "SELECT * FROM ("
                    + ALERTS
                    + ") a WHERE "
                    + PageCursor.TimeAndId.after("event_time", "alert_id")
                    + " ORDER BY event_time DESC, alert_id LIMIT ? OFFSET ?";

    private static final String COUNT = "SELECT count(*) FROM (" + ALERTS + ") a";

    /**
     * Which alerts a list shows; a null field matches everything.
     *
     * @param budgetKind one budget alert kind, or null for all of them
     * @param from inclusive lower bound of the event time
     * @param to exclusive upper bound of the event time
     */
    record Filter(
            boolean sla,
            boolean budget,
            String budgetKind,
            String serviceId,
            String state,
            Instant from,
            Instant to) {}

    private final DataSource dataSource;

    AlertRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Up to {@code limit} alerts newest first, from {@code offset} on, after the alert at {@code
     * after} when it is set.
     */
    List<AlertView> page(
            Filter filter, PageCursor.@Nullable TimeAndId after, long offset, int limit) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(PAGE)) {
            int next = PageCursor.TimeAndId.bind(s, bind(s, filter), after);
            s.setInt(next, limit);
            s.setLong(next + 1, offset);
            try (ResultSet rs = s.executeQuery()) {
                List<AlertView> views = new ArrayList<>();
                while (rs.next()) {
                    views.add(view(rs));
                }
                return views;
            }
        } catch (SQLException e) {
            throw new DataAccessException("cannot list alerts", e);
        }
    }

    long count(Filter filter) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(COUNT)) {
            bind(s, filter);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new DataAccessException("cannot count alerts", e);
        }
    }

    private static int bind(PreparedStatement s, Filter f) throws SQLException {
        OffsetDateTime from = f.from() == null ? null : f.from().atOffset(ZoneOffset.UTC);
        OffsetDateTime to = f.to() == null ? null : f.to().atOffset(ZoneOffset.UTC);
        int i = 1;
        s.setBoolean(i++, f.sla());
        i = twice(s, i, f.serviceId());
        i = twice(s, i, f.state());
        i = twice(s, i, from);
        i = twice(s, i, to);
        s.setBoolean(i++, f.budget());
        i = twice(s, i, f.budgetKind());
        i = twice(s, i, f.serviceId());
        s.setString(i++, f.state());
        i = twice(s, i, from);
        i = twice(s, i, to);
        return i;
    }

    private static int twice(PreparedStatement s, int i, Object value) throws SQLException {
        s.setObject(i, value);
        s.setObject(i + 1, value);
        return i + 2;
    }

    private static AlertView view(ResultSet rs) throws SQLException {
        return new AlertView(
                rs.getString("alert_id"),
                rs.getString("kind"),
                rs.getString("scope"),
                rs.getString("scope_id"),
                rs.getString("state"),
                rs.getString("severity"),
                rs.getString("slo_kind"),
                nullableDouble(rs, "long_window_burn_rate"),
                nullableDouble(rs, "short_window_burn_rate"),
                nullableDouble(rs, "error_budget_remaining"),
                rs.getString("period"),
                (Integer) rs.getObject("threshold_percent"),
                rs.getString("currency"),
                plain(rs.getBigDecimal("budget")),
                plain(rs.getBigDecimal("spend_to_date")),
                plain(rs.getBigDecimal("forecast")),
                rs.getString("message"),
                rs.getObject("event_time", OffsetDateTime.class).toInstant(),
                rs.getObject("emitted_at", OffsetDateTime.class).toInstant());
    }

    private static Double nullableDouble(ResultSet rs, String column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }

    private static String plain(BigDecimal value) {
        return value == null ? null : value.toPlainString();
    }
}

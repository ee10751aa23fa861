package io.costflow.api.cost;

import io.costflow.api.DataAccessException;
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
 * Adds up {@code cost_window} rows in PostgreSQL ({@code NUMERIC} sums are exact). Blocking: call
 * it from a blocking executor.
 */
@Singleton
class CostTotalsRepository {

    /** The owner key of services without a config. */
    static final String UNOWNED = "_unowned";

    private static final String BY_SERVICE =
            """
            SELECT cw.service_id AS key, cw.currency, sum(cw.billed_cost) AS billed,
                   sum(cw.effective_cost) AS effective, sum(cw.provisional_cost) AS provisional,
                   sum(cw.request_count) AS requests, sum(cw.error_count) AS errors,
                   count(*) AS windows
              FROM cost_window cw
             WHERE cw.window_start >= ? AND cw.window_start < ?
             GROUP BY 1, 2
            """;

    private static final String BY_OWNER =
            """
            SELECT coalesce(sc.owner, '%s') AS key, cw.currency,
                   sum(cw.billed_cost) AS billed, sum(cw.effective_cost) AS effective,
                   sum(cw.provisional_cost) AS provisional, sum(cw.request_count) AS requests,
                   sum(cw.error_count) AS errors, count(*) AS windows
              FROM cost_window cw
              LEFT JOIN service_config sc ON sc.service_id = cw.service_id
             WHERE cw.window_start >= ? AND cw.window_start < ?
             GROUP BY 1, 2
            """
                    .formatted(UNOWNED);

    // Amounts in the JSONB document are decimal strings; ::numeric reads them exactly.
    private static final String BY_CATEGORY =
            """
            SELECT c.key AS key, cw.currency, sum(c.value::numeric) AS cost, count(*) AS windows
              FROM cost_window cw
             CROSS JOIN LATERAL jsonb_each_text(cw.cost_by_category) c
             WHERE cw.window_start >= ? AND cw.window_start < ?
             GROUP BY 1, 2
            """;

    private final DataSource dataSource;

    CostTotalsRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Totals of one page, ordered by key then currency: {@code limit} from {@code offset} on, of
     * those after ({@code afterKey}, {@code afterCurrency}) when that is set.
     */
    List<CostTotalsPage.Item> page(
            CostGrouping grouping,
            Instant from,
            Instant to,
            @Nullable String afterKey,
            @Nullable String afterCurrency,
            int offset,
            int limit) {
        String sql =
                "SELECT * FROM ("
                        + query(grouping)
                        + ") totals WHERE (?::text IS NULL OR (key, currency) > (?, ?))"
                        + " ORDER BY key, currency LIMIT ? OFFSET ?";
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            bindRange(s, from, to);
            s.setString(3, afterKey);
            s.setString(4, afterKey);
            s.setString(5, afterCurrency);
            s.setInt(6, limit);
            s.setInt(7, offset);
            try (ResultSet rs = s.executeQuery()) {
                List<CostTotalsPage.Item> items = new ArrayList<>();
                while (rs.next()) {
                    items.add(grouping == CostGrouping.CATEGORY ? category(rs) : costs(rs));
                }
                return items;
            }
        } catch (SQLException e) {
            throw new DataAccessException("cannot add up costs by " + grouping, e);
        }
    }

    /** How many (key, currency) totals the range has. */
    long count(CostGrouping grouping, Instant from, Instant to) {
        String sql = "SELECT count(*) FROM (" + query(grouping) + ") totals";
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            bindRange(s, from, to);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new DataAccessException("cannot count cost totals by " + grouping, e);
        }
    }

    private static String query(CostGrouping grouping) {
        return switch (grouping) {
            case SERVICE -> BY_SERVICE;
            case OWNER -> BY_OWNER;
            case CATEGORY -> BY_CATEGORY;
        };
    }

    private static void bindRange(PreparedStatement s, Instant from, Instant to)
            throws SQLException {
        s.setObject(1, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
        s.setObject(2, OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
    }

    private static CostTotalsPage.Item costs(ResultSet rs) throws SQLException {
        String effective = plain(rs.getBigDecimal("effective"));
        return new CostTotalsPage.Item(
                rs.getString("key"),
                rs.getString("currency"),
                effective,
                plain(rs.getBigDecimal("billed")),
                effective,
                plain(rs.getBigDecimal("provisional")),
                rs.getLong("requests"),
                rs.getLong("errors"),
                rs.getLong("windows"));
    }

    private static CostTotalsPage.Item category(ResultSet rs) throws SQLException {
        return new CostTotalsPage.Item(
                rs.getString("key"),
                rs.getString("currency"),
                plain(rs.getBigDecimal("cost")),
                null,
                null,
                null,
                null,
                null,
                rs.getLong("windows"));
    }

    private static String plain(BigDecimal amount) {
        return amount.toPlainString();
    }
}

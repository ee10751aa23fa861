package io.costflow.api.recommendation;

import io.costflow.api.DataAccessException;
import io.costflow.api.PageCursor;
import io.costflow.schemas.RecommendationKind;
import io.costflow.schemas.RecommendationState;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Reads the pipeline's {@code recommendation} table. Blocking: call it off the event loop. */
@Singleton
class RecommendationRepository {

    private static final String COLUMNS =
            """
            recommendation_id, service_id, kind, state, current_instance_type, current_replicas,
            proposed_instance_type, proposed_replicas, proposed_pricing_model,
            monthly_savings_list, monthly_savings_effective, currency, confidence,
            predicted_utilization, predicted_p99_latency_ms, explanation, revision, created_at,
            updated_at""";

    /** Each filter is bound twice: {@code ? IS NULL} switches it off. */
    private static final String WHERE =
            """
             WHERE (?::text IS NULL OR service_id = ?)
               AND (?::text IS NULL OR kind = ?)
               AND (?::text IS NULL OR state = ?)
            """;

    private static final String PAGE =
            "SELECT "
                    + COLUMNS
                    + " FROM recommendation"
                    + WHERE
                    + " AND "
                    + PageCursor.TimeAndId.after("updated_at", "recommendation_id")
                    + " ORDER BY updated_at DESC, recommendation_id LIMIT ? OFFSET ?";

    private static final String COUNT = "SELECT count(*) FROM recommendation" + WHERE;

    private static final String FIND =
            "SELECT " + COLUMNS + " FROM recommendation WHERE recommendation_id = ?";

    /** Which recommendations a list shows; a null filter matches everything. */
    record Filter(String serviceId, RecommendationKind kind, RecommendationState state) {}

    private final DataSource dataSource;

    RecommendationRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Up to {@code limit} recommendations, most recently updated first, from {@code offset} on,
     * after the one at {@code after} when it is set.
     */
    List<RecommendationView> page(
            Filter filter, PageCursor.@Nullable TimeAndId after, long offset, int limit) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(PAGE)) {
            int next = PageCursor.TimeAndId.bind(s, bind(s, filter), after);
            s.setInt(next, limit);
            s.setLong(next + 1, offset);
            try (ResultSet rs = s.executeQuery()) {
                List<RecommendationView> views = new ArrayList<>();
                while (rs.next()) {
                    views.add(view(rs));
                }
                return views;
            }
        } catch (SQLException e) {
            throw new DataAccessException("cannot list recommendations", e);
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
            throw new DataAccessException("cannot count recommendations", e);
        }
    }

    Optional<RecommendationView> find(String recommendationId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(FIND)) {
            s.setString(1, recommendationId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(view(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new DataAccessException("cannot read recommendation " + recommendationId, e);
        }
    }

    private static int bind(PreparedStatement s, Filter filter) throws SQLException {
        String[] values = {
            filter.serviceId(),
            filter.kind() == null ? null : filter.kind().name(),
            filter.state() == null ? null : filter.state().name()
        };
        int i = 1;
        for (String value : values) {
            s.setString(i++, value);
            s.setString(i++, value);
        }
        return i;
    }

    private static RecommendationView view(ResultSet rs) throws SQLException {
        int proposedReplicas = rs.getInt("proposed_replicas");
        Integer replicas = rs.wasNull() ? null : proposedReplicas;
        return new RecommendationView(
                rs.getString("recommendation_id"),
                rs.getString("service_id"),
                rs.getString("kind"),
                rs.getString("state"),
                rs.getString("current_instance_type"),
                rs.getInt("current_replicas"),
                rs.getString("proposed_instance_type"),
                replicas,
                rs.getString("proposed_pricing_model"),
                rs.getBigDecimal("monthly_savings_list").toPlainString(),
                rs.getBigDecimal("monthly_savings_effective").toPlainString(),
                rs.getString("currency"),
                rs.getDouble("confidence"),
                rs.getDouble("predicted_utilization"),
                rs.getDouble("predicted_p99_latency_ms"),
                rs.getString("explanation"),
                rs.getLong("revision"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    }
}

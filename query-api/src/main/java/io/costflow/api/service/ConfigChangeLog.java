package io.costflow.api.service;

import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Records changes of service configs in {@code config_change}, inside the transaction that makes
 * them, with the config before and after as JSON documents of the API's config fields.
 */
@Singleton
public class ConfigChangeLog {

    /**
     * The version of a recommendation an APPLY applied: the recommendation starts a new life, with
     * a new {@code createdAt}, each time it reopens, and its revision rises within one.
     */
    public record RecommendationVersion(long revision, Instant createdAt) {}

    /** What made a change. */
    public enum Kind {
        PUT,
        APPLY,
        ROLLBACK
    }

    private static final String INSERT =
            """
            INSERT INTO config_change (service_id, kind, recommendation_id,
                recommendation_revision, recommendation_created_at, config_before, config_after,
                version_after, rolls_back, actor_key_id, created_at)
            VALUES (?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?)
            RETURNING change_id
            """;

    private final JsonMapper json;

    ConfigChangeLog(JsonMapper json) {
        this.json = json;
    }

    /**
     * Inserts a change and returns its id.
     *
     * @param applied for an APPLY, the version of the recommendation applied; else null
     * @param before null for a service's first config
     * @param rollsBack the change a rollback undoes, else null
     */
    public long record(
            Connection c,
            Kind kind,
            String recommendationId,
            RecommendationVersion applied,
            ServiceConfigRow before,
            ServiceConfigRow after,
            Long rollsBack,
            String actorKeyId,
            Instant at)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(INSERT)) {
            s.setString(1, after.serviceId());
            s.setString(2, kind.name());
            s.setString(3, recommendationId);
            if (applied == null) {
                s.setNull(4, Types.BIGINT);
                s.setNull(5, Types.TIMESTAMP_WITH_TIMEZONE);
            } else {
                s.setLong(4, applied.revision());
                s.setObject(5, applied.createdAt().atOffset(ZoneOffset.UTC));
            }
            s.setString(6, before == null ? null : toJson(before));
            s.setString(7, toJson(after));
            s.setLong(8, after.version());
            if (rollsBack == null) {
                s.setNull(9, Types.BIGINT);
            } else {
                s.setLong(9, rollsBack);
            }
            s.setString(10, actorKeyId);
            s.setObject(11, at.atOffset(ZoneOffset.UTC));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** A recorded config document, as the API shows configs. */
    public ServiceConfigResponse fromJson(String document) {
        try {
            return json.readValue(document, ServiceConfigResponse.class);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable config document: " + document, e);
        }
    }

    private String toJson(ServiceConfigRow row) {
        try {
            return json.writeValueAsString(ServiceConfigResponse.of(row));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the config of " + row.serviceId(), e);
        }
    }
}

package io.costflow.api.change;

import io.costflow.api.DataAccessException;
import io.costflow.api.PageCursor;
import io.costflow.api.problem.ProblemException;
import io.costflow.api.service.ConfigChangeLog;
import io.costflow.api.service.ServiceConfigPublisher;
import io.costflow.api.service.ServiceConfigRepository;
import io.costflow.api.service.ServiceConfigResponse;
import io.costflow.api.service.ServiceConfigRow;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Applies recommendations to service configs and rolls them back, each in one transaction that
 * locks the service's config row, records the change, and publishes the new config before it
 * commits: the same publish-then-commit path as {@code PUT /v1/services/{id}}. Blocking.
 *
 * <p>Two applies of one version of a recommendation (its created_at and revision) cannot both
 * succeed: the config row lock serialises them, the second sees the first's APPLY, and a unique
 * index on standing applies backs that up. Another version (the pipeline proposes again once it has
 * measured the deployment the apply made, or the recommendation starts again after its service came
 * back) is a new proposal and can be applied on top; rollbacks then undo the standing applies
 * newest first.
 */
@Singleton
class ConfigChangeRepository {

    static final String UNKNOWN_RECOMMENDATION = "urn:costflow:problem:unknown-recommendation";
    static final String UNKNOWN_SERVICE = "urn:costflow:problem:unknown-service";
    static final String NOT_APPLICABLE = "urn:costflow:problem:recommendation-not-applicable";
    static final String ALREADY_APPLIED = "urn:costflow:problem:already-applied";
    static final String NOT_APPLIED = "urn:costflow:problem:not-applied";
    static final String ALREADY_ROLLED_BACK = "urn:costflow:problem:already-rolled-back";
    static final String CHANGED_SINCE = "urn:costflow:problem:changed-since-apply";

    private static final String UNIQUE_VIOLATION = "23505";

    private static final String RECOMMENDATION =
            """
            SELECT service_id, kind, state, revision, created_at, current_instance_type,
                   current_replicas, proposed_instance_type, proposed_replicas,
                   proposed_pricing_model
              FROM recommendation WHERE recommendation_id = ?
            """;

    private static final String CHANGE_COLUMNS =
            """
            change_id, service_id, kind, recommendation_id, recommendation_revision,
            recommendation_created_at, config_before::text AS config_before,
            config_after::text AS config_after, version_after, rolls_back, rolled_back_by,
            actor_key_id, created_at""";

    private static final String STANDING_APPLY =
            "SELECT "
                    + CHANGE_COLUMNS
                    + " FROM config_change WHERE recommendation_id = ? AND kind = 'APPLY'"
                    + " AND rolled_back_by IS NULL"
                    + " AND ((recommendation_revision = ? AND recommendation_created_at = ?)"
                    + " OR recommendation_revision IS NULL)";

    private static final String LATEST_APPLY =
            "SELECT "
                    + CHANGE_COLUMNS
                    + " FROM config_change WHERE service_id = ? AND recommendation_id = ?"
                    + " AND kind = 'APPLY'"
                    + " ORDER BY rolled_back_by IS NULL DESC, change_id DESC LIMIT 1 FOR UPDATE";

    private static final String MARK_ROLLED_BACK =
            "UPDATE config_change SET rolled_back_by = ? WHERE change_id = ?";

    private static final String FIND = "SELECT " + CHANGE_COLUMNS + " FROM config_change";

    /** The name in the history's cursors. */
    static final String HISTORY_LIST = "config-history";

    private static final String HISTORY =
            "SELECT "
                    + CHANGE_COLUMNS
                    + " FROM config_change WHERE service_id = ?"
                    + " AND (?::bigint IS NULL OR change_id < ?)"
                    + " ORDER BY change_id DESC LIMIT ? OFFSET ?";

    private static final String COUNT = "SELECT count(*) FROM config_change WHERE service_id = ?";

    private static final String SERVICE_KNOWN =
            "SELECT EXISTS (SELECT 1 FROM service_config WHERE service_id = ?)"
                    + " OR EXISTS (SELECT 1 FROM config_change WHERE service_id = ?)";

    /** A recommendation as far as applying it is concerned. */
    private record Proposal(
            String serviceId,
            String kind,
            String state,
            ConfigChangeLog.RecommendationVersion version,
            String currentInstanceType,
            int currentReplicas,
            String proposedInstanceType,
            Integer proposedReplicas,
            String proposedPricingModel) {}

    private final DataSource dataSource;
    private final ConfigChangeLog changeLog;
    private final ServiceConfigPublisher publisher;

    ConfigChangeRepository(
            DataSource dataSource, ConfigChangeLog changeLog, ServiceConfigPublisher publisher) {
        this.dataSource = dataSource;
        this.changeLog = changeLog;
        this.publisher = publisher;
    }

    /**
     * Makes the OPEN recommendation's proposed instance type and replicas the service's config.
     *
     * @throws ProblemException 404 for an unknown recommendation, 409 when it is withdrawn, already
     *     applied, stale or not expressible as a config
     * @throws ServiceConfigPublisher.PublishException when Kafka did not take the new config;
     *     nothing was changed
     */
    ConfigChangeView apply(String recommendationId, String actorKeyId, Instant now) {
        return inTransaction(
                c -> {
                    Proposal p =
                            proposal(c, recommendationId)
                                    .orElseThrow(() -> unknownRecommendation(recommendationId));
                    if (p.state().equals("WITHDRAWN")) {
                        throw conflict(
                                NOT_APPLICABLE,
                                "Recommendation withdrawn",
                                "Recommendation '"
                                        + recommendationId
                                        + "' is WITHDRAWN: the pipeline no longer stands by it,"
                                        + " so it cannot be applied.");
                    }
                    ServiceConfigRow before =
                            ServiceConfigRepository.lockForUpdate(c, p.serviceId())
                                    .orElseThrow(
                                            () ->
                                                    conflict(
                                                            NOT_APPLICABLE,
                                                            "Service has no config",
                                                            "Service '"
                                                                    + p.serviceId()
                                                                    + "' has no config to apply"
                                                                    + " recommendation '"
                                                                    + recommendationId
                                                                    + "' to."));
                    Optional<ConfigChangeView> standing =
                            standingApply(c, recommendationId, p.version());
                    if (standing.isPresent()) {
                        throw alreadyApplied(
                                recommendationId,
                                p.version().revision(),
                                standing.get().changeId());
                    }
                    checkApplicable(recommendationId, p, before);
                    ServiceConfigRow after =
                            ServiceConfigRepository.updateDeployment(
                                    c,
                                    p.serviceId(),
                                    p.proposedInstanceType() == null
                                            ? before.instanceType()
                                            : p.proposedInstanceType(),
                                    p.proposedReplicas() == null
                                            ? before.replicas()
                                            : p.proposedReplicas(),
                                    now);
                    long changeId;
                    try {
                        changeId =
                                changeLog.record(
                                        c,
                                        ConfigChangeLog.Kind.APPLY,
                                        recommendationId,
                                        p.version(),
                                        before,
                                        after,
                                        null,
                                        actorKeyId,
                                        now);
                    } catch (SQLException e) {
                        if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                            throw alreadyApplied(recommendationId, p.version().revision(), null);
                        }
                        throw e;
                    }
                    publisher.publish(after);
                    return find(c, changeId);
                });
    }

    /**
     * Restores the instance type and replicas the service had before the recommendation's latest
     * APPLY; other fields keep any change made since.
     *
     * @throws ProblemException 404 for an unknown service or recommendation, 409 when the
     *     recommendation was never applied to the service, its apply was already rolled back, or
     *     the instance type or replicas changed since the apply
     */
    ConfigChangeView rollback(
            String serviceId, String recommendationId, String actorKeyId, Instant now) {
        return inTransaction(
                c -> {
                    ServiceConfigRow current =
                            ServiceConfigRepository.lockForUpdate(c, serviceId)
                                    .orElseThrow(
                                            () ->
                                                    ProblemException.notFound(
                                                            UNKNOWN_SERVICE,
                                                            "Unknown service",
                                                            "Service '"
                                                                    + serviceId
                                                                    + "' has no config."));
                    if (proposal(c, recommendationId).isEmpty()) {
                        throw unknownRecommendation(recommendationId);
                    }
                    ConfigChangeView apply =
                            latestApply(c, serviceId, recommendationId)
                                    .orElseThrow(
                                            () ->
                                                    conflict(
                                                            NOT_APPLIED,
                                                            "Recommendation not applied",
                                                            "Recommendation '"
                                                                    + recommendationId
                                                                    + "' was never applied to '"
                                                                    + serviceId
                                                                    + "'; there is nothing to roll"
                                                                    + " back."));
                    if (apply.rolledBackBy() != null) {
                        throw conflict(
                                ALREADY_ROLLED_BACK,
                                "Already rolled back",
                                "The apply of '"
                                        + recommendationId
                                        + "' (change "
                                        + apply.changeId()
                                        + ") was already rolled back by change "
                                        + apply.rolledBackBy()
                                        + ".");
                    }
                    checkUnchangedSince(recommendationId, apply, current);
                    ServiceConfigResponse restored = apply.before();
                    ServiceConfigRow after =
                            ServiceConfigRepository.updateDeployment(
                                    c,
                                    serviceId,
                                    restored.instanceType(),
                                    restored.replicas(),
                                    now);
                    long changeId =
                            changeLog.record(
                                    c,
                                    ConfigChangeLog.Kind.ROLLBACK,
                                    recommendationId,
                                    null,
                                    current,
                                    after,
                                    apply.changeId(),
                                    actorKeyId,
                                    now);
                    try (PreparedStatement s = c.prepareStatement(MARK_ROLLED_BACK)) {
                        s.setLong(1, changeId);
                        s.setLong(2, apply.changeId());
                        s.executeUpdate();
                    }
                    publisher.publish(after);
                    return find(c, changeId);
                });
    }

    /**
     * The service's changes, newest first, page {@code page} or the page after the change {@code
     * afterId}; empty when the service is unknown.
     */
    Optional<ConfigChangePage> history(
            String serviceId, @Nullable Long afterId, int page, int size) {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement s = c.prepareStatement(SERVICE_KNOWN)) {
                s.setString(1, serviceId);
                s.setString(2, serviceId);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        return Optional.empty();
                    }
                }
            }
            List<ConfigChangeView> fetched = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(HISTORY)) {
                s.setString(1, serviceId);
                s.setObject(2, afterId, Types.BIGINT);
                s.setObject(3, afterId, Types.BIGINT);
                s.setInt(4, size + 1);
                s.setLong(5, (long) page * size);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        fetched.add(view(rs));
                    }
                }
            }
            PageCursor.Slice<ConfigChangeView> slice =
                    PageCursor.slice(
                            fetched,
                            size,
                            change -> PageCursor.of(HISTORY_LIST, change.changeId()));
            try (PreparedStatement s = c.prepareStatement(COUNT)) {
                s.setString(1, serviceId);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return Optional.of(
                            new ConfigChangePage(
                                    slice.items(),
                                    afterId == null ? page : null,
                                    size,
                                    rs.getLong(1),
                                    slice.nextCursor()));
                }
            }
        } catch (SQLException e) {
            throw new DataAccessException("cannot read the config history of " + serviceId, e);
        }
    }

    /**
     * Refuses to roll back an apply whose instance type or replicas were changed since, by a later
     * apply, a rollback or a PUT: restoring the deployment from before it would silently undo that
     * later change while the history still showed it in force. Changes are undone newest first.
     */
    private static void checkUnchangedSince(
            String recommendationId, ConfigChangeView apply, ServiceConfigRow current) {
        ServiceConfigResponse applied = apply.after();
        if (applied.instanceType().equals(current.instanceType())
                && applied.replicas() == current.replicas()) {
            return;
        }
        throw conflict(
                CHANGED_SINCE,
                "Deployment changed since the apply",
                "The apply of '"
                        + recommendationId
                        + "' (change "
                        + apply.changeId()
                        + ") set "
                        + applied.replicas()
                        + " × "
                        + applied.instanceType()
                        + ", but '"
                        + current.serviceId()
                        + "' now runs "
                        + current.replicas()
                        + " × "
                        + current.instanceType()
                        + " (config version "
                        + current.version()
                        + "). Roll back the later change first, or PUT the config you want.");
    }

    private static void checkApplicable(String id, Proposal p, ServiceConfigRow before) {
        if (p.proposedInstanceType() == null && p.proposedReplicas() == null) {
            throw conflict(
                    NOT_APPLICABLE,
                    "Not expressible as a config",
                    "Recommendation '"
                            + id
                            + "' proposes only buying capacity as "
                            + p.proposedPricingModel()
                            + "; a service config has no pricing model, so there is nothing to"
                            + " apply.");
        }
        if (p.proposedReplicas() != null && p.proposedReplicas() < 1) {
            throw conflict(
                    NOT_APPLICABLE,
                    "Not expressible as a config",
                    "Recommendation '"
                            + id
                            + "' proposes removing the service (0 replicas); a config needs at"
                            + " least 1 replica, so decommission it outside costflow.");
        }
        if (!p.currentInstanceType().equals(before.instanceType())
                || p.currentReplicas() != before.replicas()) {
            throw conflict(
                    NOT_APPLICABLE,
                    "Recommendation is stale",
                    "Recommendation '"
                            + id
                            + "' was made for "
                            + p.currentReplicas()
                            + " × "
                            + p.currentInstanceType()
                            + ", but '"
                            + p.serviceId()
                            + "' now runs "
                            + before.replicas()
                            + " × "
                            + before.instanceType()
                            + " (config version "
                            + before.version()
                            + ").");
        }
    }

    private static Optional<Proposal> proposal(Connection c, String recommendationId)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(RECOMMENDATION)) {
            s.setString(1, recommendationId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                int replicas = rs.getInt("proposed_replicas");
                Integer proposedReplicas = rs.wasNull() ? null : replicas;
                return Optional.of(
                        new Proposal(
                                rs.getString("service_id"),
                                rs.getString("kind"),
                                rs.getString("state"),
                                new ConfigChangeLog.RecommendationVersion(
                                        rs.getLong("revision"),
                                        rs.getObject("created_at", OffsetDateTime.class)
                                                .toInstant()),
                                rs.getString("current_instance_type"),
                                rs.getInt("current_replicas"),
                                rs.getString("proposed_instance_type"),
                                proposedReplicas,
                                rs.getString("proposed_pricing_model")));
            }
        }
    }

    /** The standing apply of this version of the recommendation (or of an unknown version). */
    private Optional<ConfigChangeView> standingApply(
            Connection c, String recommendationId, ConfigChangeLog.RecommendationVersion version)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(STANDING_APPLY)) {
            s.setString(1, recommendationId);
            s.setLong(2, version.revision());
            s.setObject(3, version.createdAt().atOffset(java.time.ZoneOffset.UTC));
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(view(rs)) : Optional.empty();
            }
        }
    }

    private Optional<ConfigChangeView> latestApply(
            Connection c, String serviceId, String recommendationId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(LATEST_APPLY)) {
            s.setString(1, serviceId);
            s.setString(2, recommendationId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(view(rs)) : Optional.empty();
            }
        }
    }

    private ConfigChangeView find(Connection c, long changeId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(FIND + " WHERE change_id = ?")) {
            s.setLong(1, changeId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("change " + changeId + " vanished in its transaction");
                }
                return view(rs);
            }
        }
    }

    private ConfigChangeView view(ResultSet rs) throws SQLException {
        String before = rs.getString("config_before");
        long rollsBack = rs.getLong("rolls_back");
        Long rollsBackId = rs.wasNull() ? null : rollsBack;
        long rolledBackBy = rs.getLong("rolled_back_by");
        Long rolledBackById = rs.wasNull() ? null : rolledBackBy;
        long revision = rs.getLong("recommendation_revision");
        Long revisionApplied = rs.wasNull() ? null : revision;
        OffsetDateTime createdAt = rs.getObject("recommendation_created_at", OffsetDateTime.class);
        return new ConfigChangeView(
                rs.getLong("change_id"),
                rs.getString("service_id"),
                rs.getString("kind"),
                rs.getString("recommendation_id"),
                revisionApplied,
                createdAt == null ? null : createdAt.toInstant(),
                before == null ? null : changeLog.fromJson(before),
                changeLog.fromJson(rs.getString("config_after")),
                rs.getLong("version_after"),
                rollsBackId,
                rolledBackById,
                rs.getString("actor_key_id"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }

    /** Work inside one transaction. */
    @FunctionalInterface
    private interface TransactionWork<T> {
        T run(Connection c) throws SQLException;
    }

    /** Commits what {@code work} did, or rolls it all back if it throws. */
    private <T> T inTransaction(TransactionWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new DataAccessException("cannot change a service config", e);
        }
    }

    private static ProblemException unknownRecommendation(String recommendationId) {
        return ProblemException.notFound(
                UNKNOWN_RECOMMENDATION,
                "Unknown recommendation",
                "There is no recommendation '" + recommendationId + "'.");
    }

    private static ProblemException alreadyApplied(
            String recommendationId, long revision, Long changeId) {
        return conflict(
                ALREADY_APPLIED,
                "Already applied",
                "Recommendation '"
                        + recommendationId
                        + "' is already applied at revision "
                        + revision
                        + (changeId == null ? "" : " (change " + changeId + ")")
                        + "; roll it back before applying it again, or apply its next revision"
                        + " once the pipeline proposes one.");
    }

    private static ProblemException conflict(String type, String title, String detail) {
        return ProblemException.conflict(type, title, detail);
    }
}

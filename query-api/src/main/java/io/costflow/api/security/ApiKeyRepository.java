package io.costflow.api.security;

import io.costflow.api.DataAccessException;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import javax.sql.DataSource;

/** Reads and writes {@code api_key} with plain JDBC. Blocking: call it from a blocking executor. */
@Singleton
class ApiKeyRepository {

    private static final String FIND_ACTIVE =
            "SELECT key_id, key_prefix, role FROM api_key WHERE key_hash = ? AND revoked_at IS NULL";

    private static final String INSERT =
            """
            INSERT INTO api_key (key_id, key_hash, key_prefix, role, description, created_at)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (key_hash) DO NOTHING
            """;

    private static final String REVOKE =
            "UPDATE api_key SET revoked_at = ? WHERE key_id = ? AND revoked_at IS NULL";

    /** Serialises the first-start check across API instances that start at the same time. */
    private static final String BOOTSTRAP_LOCK =
            "SELECT pg_advisory_xact_lock(hashtext('costflow.api_key.bootstrap'))";

    private final DataSource dataSource;
    private final KeyCacheSettings cacheSettings;

    /** Active keys by hex hash, with when to look them up again; only known keys are kept. */
    private final ConcurrentMap<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(ApiKeyPrincipal principal, long expiresAtNanos) {}

    ApiKeyRepository(DataSource dataSource, KeyCacheSettings cacheSettings) {
        this.dataSource = dataSource;
        this.cacheSettings = cacheSettings;
    }

    /**
     * The active (not revoked) key with this hash; an active key is remembered for {@link
     * KeyCacheSettings#ttl()}, so most requests do not query PostgreSQL to authenticate.
     */
    Optional<ApiKeyPrincipal> findActive(byte[] keyHash) {
        if (cacheSettings.ttl().isZero()) {
            return lookUp(keyHash);
        }
        ApiKeyPrincipal cached = findCached(keyHash);
        if (cached != null) {
            return Optional.of(cached);
        }
        String hex = HexFormat.of().formatHex(keyHash);
        long now = System.nanoTime();
        Optional<ApiKeyPrincipal> found = lookUp(keyHash);
        if (found.isPresent()) {
            cache.put(hex, new Cached(found.get(), now + cacheSettings.ttl().toNanos()));
        } else {
            cache.remove(hex);
        }
        return found;
    }

    /**
     * The active key with this hash if it is remembered and not yet due for another look-up, else
     * null. Never blocks: the authentication filter answers from here on the event loop and goes to
     * {@link #findActive} on a blocking thread only when this returns null.
     */
    @Nullable
    ApiKeyPrincipal findCached(byte[] keyHash) {
        if (cacheSettings.ttl().isZero()) {
            return null;
        }
        Cached cached = cache.get(HexFormat.of().formatHex(keyHash));
        return cached != null && System.nanoTime() - cached.expiresAtNanos() < 0
                ? cached.principal()
                : null;
    }

    private Optional<ApiKeyPrincipal> lookUp(byte[] keyHash) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(FIND_ACTIVE)) {
            s.setBytes(1, keyHash);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(
                        new ApiKeyPrincipal(
                                rs.getString("key_id"),
                                rs.getString("key_prefix"),
                                Role.valueOf(rs.getString("role"))));
            }
        } catch (SQLException e) {
            throw new DataAccessException("cannot look up an API key", e);
        }
    }

    /** Stores a key's hash; a key that is already stored is left as it is. */
    void insert(String id, String key, Role role, String description, Instant now) {
        try (Connection c = dataSource.getConnection()) {
            insert(c, id, key, role, description, now);
        } catch (SQLException e) {
            throw new DataAccessException("cannot store an API key", e);
        }
    }

    /**
     * Stores {@code configuredAdminKey} if given; then, if no key exists at all, stores {@code
     * generatedKey} as an admin key. Returns whether the generated key was stored.
     */
    boolean bootstrap(String configuredAdminKey, String generatedKey, Instant now) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement lock = c.prepareStatement(BOOTSTRAP_LOCK)) {
                    lock.execute();
                }
                if (configuredAdminKey != null) {
                    insert(c, ApiKeys.newId(), configuredAdminKey, Role.ADMIN, "configured", now);
                }
                boolean empty;
                try (PreparedStatement s =
                                c.prepareStatement("SELECT NOT EXISTS (SELECT 1 FROM api_key)");
                        ResultSet rs = s.executeQuery()) {
                    rs.next();
                    empty = rs.getBoolean(1);
                }
                if (empty) {
                    insert(c, ApiKeys.newId(), generatedKey, Role.ADMIN, "first start", now);
                }
                c.commit();
                return empty;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new DataAccessException("cannot create the first API key", e);
        }
    }

    /** Revokes the key; false if there is no active key with this id. */
    boolean revoke(String id, Instant now) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(REVOKE)) {
            s.setObject(1, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            s.setString(2, id);
            boolean revoked = s.executeUpdate() == 1;
            // The cache is keyed by hash, not id; revocations are rare, so forget every key.
            cache.clear();
            return revoked;
        } catch (SQLException e) {
            throw new DataAccessException("cannot revoke API key " + id, e);
        }
    }

    private static void insert(
            Connection c, String id, String key, Role role, String description, Instant now)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(INSERT)) {
            s.setString(1, id);
            s.setBytes(2, ApiKeys.hash(key));
            s.setString(3, ApiKeys.shownPrefix(key));
            s.setString(4, role.name());
            s.setString(5, description);
            s.setObject(6, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            s.executeUpdate();
        }
    }
}

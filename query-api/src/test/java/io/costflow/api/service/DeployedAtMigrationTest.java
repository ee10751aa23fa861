package io.costflow.api.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.costflow.infra.DatabaseMigrations;
import io.costflow.infra.junit.SharedInfrastructure;
import io.costflow.infra.junit.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * Migration V8 fills {@code service_config.deployed_at} of existing services from the changes
 * recorded before it: the newest PUT, apply or rollback that changed the instance type or replicas.
 */
class DeployedAtMigrationTest {

    private final TestDatabase db = SharedInfrastructure.get().newDatabase();

    @Test
    void shouldFillDeployedAtFromTheNewestChangeOfInstanceTypeOrReplicas() throws SQLException {
        String schema = "v8_" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
        migrate(schema, "7");
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + schema);
            s.executeUpdate(
                    """
                    INSERT INTO service_config VALUES
                      ('scaled', 'team', 0.999, 300, 0.99, NULL, 'USD', 'UTC', 'm6i.large', 2, 4,
                       '2026-11-05T00:00:00Z'),
                      ('renamed', 'team', 0.999, 300, 0.99, NULL, 'USD', 'UTC', 'm6i.large', 4, 2,
                       '2026-11-05T00:00:00Z'),
                      ('untouched', 'team', 0.999, 300, 0.99, NULL, 'USD', 'UTC', 'm6i.large', 4,
                       1, '2026-11-01T00:00:00Z')
                    """);
            s.executeUpdate(
                    """
                    INSERT INTO config_change (service_id, kind, config_before, config_after,
                        version_after, actor_key_id, created_at) VALUES
                      ('scaled', 'PUT', NULL, '{"instanceType": "m6i.xlarge", "replicas": 4}', 1,
                       'k', '2026-11-01T00:00:00Z'),
                      ('scaled', 'PUT', '{"instanceType": "m6i.xlarge", "replicas": 4}',
                       '{"instanceType": "m6i.large", "replicas": 4}', 2, 'k',
                       '2026-11-02T00:00:00Z'),
                      ('scaled', 'PUT', '{"instanceType": "m6i.large", "replicas": 4}',
                       '{"instanceType": "m6i.large", "replicas": 2}', 3, 'k',
                       '2026-11-03T00:00:00Z'),
                      ('scaled', 'PUT', '{"instanceType": "m6i.large", "replicas": 2, "owner": "a"}',
                       '{"instanceType": "m6i.large", "replicas": 2, "owner": "b"}', 4, 'k',
                       '2026-11-05T00:00:00Z'),
                      ('renamed', 'PUT', NULL, '{"instanceType": "m6i.large", "replicas": 4}', 1,
                       'k', '2026-11-01T00:00:00Z'),
                      ('renamed', 'PUT', '{"instanceType": "m6i.large", "replicas": 4, "owner": "a"}',
                       '{"instanceType": "m6i.large", "replicas": 4, "owner": "b"}', 2, 'k',
                       '2026-11-05T00:00:00Z')
                    """);
        }

        migrate(schema, null);

        Map<String, OffsetDateTime> deployedAt = new HashMap<>();
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery(
                                "SELECT service_id, deployed_at FROM "
                                        + schema
                                        + ".service_config")) {
            while (rs.next()) {
                deployedAt.put(rs.getString(1), rs.getObject(2, OffsetDateTime.class));
            }
        }
        assertThat(deployedAt).containsOnlyKeys("scaled", "renamed", "untouched");
        assertThat(deployedAt.get("scaled").toInstant())
                .isEqualTo(OffsetDateTime.parse("2026-11-03T00:00:00Z").toInstant());
        assertThat(deployedAt.get("renamed")).isNull();
        assertThat(deployedAt.get("untouched")).isNull();
        assertThat(unpublished(schema)).containsExactly("scaled");
    }

    /** As an API that does not know the column writes: the database keeps it all the same. */
    @Test
    void shouldKeepDeployedAtOnEveryUpdateThatChangesTheDeployment() throws SQLException {
        String schema = "v8_" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
        migrate(schema, null);
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + schema);
            s.executeUpdate(
                    """
                    INSERT INTO service_config (service_id, owner, availability_target,
                        latency_threshold_ms, latency_target, monthly_budget, budget_currency,
                        budget_time_zone, instance_type, replicas, version, updated_at)
                    VALUES ('cart', 'team', 0.999, 300, 0.99, NULL, 'USD', 'UTC', 'm6i.large', 4,
                            1, '2026-11-01T00:00:00Z')
                    """);
            s.executeUpdate(
                    "UPDATE service_config SET replicas = 2, version = 2,"
                            + " updated_at = '2026-11-02T00:00:00Z' WHERE service_id = 'cart'");
            s.executeUpdate(
                    "UPDATE service_config SET owner = 'other', version = 3,"
                            + " updated_at = '2026-11-03T00:00:00Z' WHERE service_id = 'cart'");
            try (ResultSet rs =
                    s.executeQuery(
                            "SELECT deployed_at FROM service_config WHERE service_id = 'cart'")) {
                rs.next();
                assertThat(rs.getObject(1, OffsetDateTime.class).toInstant())
                        .isEqualTo(OffsetDateTime.parse("2026-11-02T00:00:00Z").toInstant());
            }
        }
    }

    private java.util.List<String> unpublished(String schema) throws SQLException {
        java.util.List<String> ids = new java.util.ArrayList<>();
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery(
                                "SELECT service_id FROM "
                                        + schema
                                        + ".service_config WHERE deployed_at IS NOT NULL"
                                        + " AND published_version IS DISTINCT FROM version"
                                        + " ORDER BY 1")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    private void migrate(String schema, String target) {
        var flyway =
                Flyway.configure()
                        .dataSource(db.jdbcUrl(), db.user(), db.password())
                        .schemas(schema)
                        .defaultSchema(schema)
                        .locations(DatabaseMigrations.LOCATION);
        if (target != null) {
            flyway.target(target);
        }
        flyway.load().migrate();
    }
}

package io.costflow.infra;

import org.flywaydb.core.Flyway;

/**
 * Applies the Flyway migrations shipped in the {@code schemas} module ({@code db/migration}) — the
 * same files the API runs at start-up.
 */
public final class DatabaseMigrations {

    /** Where the migrations are on the classpath. */
    public static final String LOCATION = "classpath:db/migration";

    private DatabaseMigrations() {}

    /** Migrates {@code schema} of the database at {@code jdbcUrl} to the latest version. */
    public static void migrate(String jdbcUrl, String user, String password, String schema) {
        Flyway.configure()
                .dataSource(jdbcUrl, user, password)
                .schemas(schema)
                .defaultSchema(schema)
                .locations(LOCATION)
                .load()
                .migrate();
    }
}

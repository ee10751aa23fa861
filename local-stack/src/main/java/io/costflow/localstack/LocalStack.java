package io.costflow.localstack;

import io.costflow.infra.DatabaseMigrations;
import io.costflow.infra.EmbeddedKafkaBroker;
import io.costflow.infra.EmbeddedPostgresServer;
import io.costflow.localstack.workload.KafkaWorkloadSink;
import io.costflow.localstack.workload.WorkloadGenerator;
import io.costflow.pipeline.CostflowJob;
import io.costflow.pipeline.EmbeddedFlinkConfig;
import io.costflow.pipeline.PipelineOptions;
import io.costflow.schemas.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default: a real Kafka broker, a real PostgreSQL, the cost-window job on a local
 * MiniCluster, the workload generator and the API, in this process, with all data under one
 * directory. Closing it stops everything in reverse order.
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);

    private final List<AutoCloseable> started = new ArrayList<>();
    private final StackSettings settings;
    private EmbeddedPostgresServer postgres;
    private EmbeddedKafkaBroker kafka;
    private EmbeddedApi api;
    private KafkaWorkloadSink workload;
    private Optional<Path> resumedFrom = Optional.empty();

    private LocalStack(StackSettings settings) {
        this.settings = settings;
    }

    /** Starts every part; on failure, stops what had started and rethrows. */
    public static LocalStack start(StackSettings settings) {
        LocalStack stack = new LocalStack(settings);
        try {
            stack.startAll();
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void startAll() {
        Path dataDir = settings.dataDir();
        createDirectories(dataDir);

        kafka = track(EmbeddedKafkaBroker.start(dataDir.resolve("kafka"), settings.kafkaPort()));
        kafka.createTopics(topics());

        postgres =
                track(
                        EmbeddedPostgresServer.start(
                                dataDir.resolve("postgres"), settings.postgresPort()));
        DatabaseMigrations.migrate(postgres.jdbcUrl(), EmbeddedPostgresServer.USER, "", "public");

        api =
                track(
                        EmbeddedApi.start(
                                postgres.jdbcUrl(),
                                EmbeddedPostgresServer.USER,
                                "",
                                kafka.bootstrapServers(),
                                adminKey(dataDir.resolve("api-admin-key")),
                                settings.apiPort()));

        Path checkpoints = dataDir.resolve("checkpoints");
        JobClient job = startCostWindowJob(checkpoints);
        track(() -> stopWithSavepoint(job, checkpoints.resolve("savepoints")));

        workload =
                track(
                        new KafkaWorkloadSink(
                                kafka.bootstrapServers(), Topics.TELEMETRY, Topics.BILLING));
        ScheduledExecutorService generator = startGenerator(workload);
        track(() -> stop(generator));
    }

    /** The checkpoint the job resumed from, if it did. */
    public Optional<Path> resumedFrom() {
        return resumedFrom;
    }

    public String apiUrl() {
        return api.url();
    }

    /** The API's admin key, kept in the data directory so a restart accepts the same key. */
    public String apiAdminKey() {
        return api.adminKey();
    }

    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    public String jdbcUrl() {
        return postgres.jdbcUrl();
    }

    /** One line of what has happened so far, for the console. */
    public String status() {
        return String.format(
                "telemetry sent %,d | billing lines sent %,d | cost windows in PostgreSQL %,d",
                workload.telemetrySent(), workload.billingSent(), costWindowRows());
    }

    private long costWindowRows() {
        try (Connection c = postgres.dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM public.cost_window")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return -1;
        }
    }

    private JobClient startCostWindowJob(Path checkpointDir) {
        Configuration flink = EmbeddedFlinkConfig.create(checkpointDir, Duration.ofSeconds(10));
        // Resume from the newest retained checkpoint, so a restarted demo keeps its window state
        // and Kafka offsets instead of starting the open windows over.
        resumedFrom = latestCheckpoint(checkpointDir);
        resumedFrom.ifPresent(
                p -> {
                    LOG.info("Resuming the cost-window job from {}", p);
                    flink.set(StateRecoveryOptions.SAVEPOINT_PATH, p.toString());
                });
        Configuration options = new Configuration();
        options.set(PipelineOptions.KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        options.set(PipelineOptions.JDBC_URL, postgres.jdbcUrl());
        options.set(PipelineOptions.JDBC_USER, EmbeddedPostgresServer.USER);
        options.set(PipelineOptions.JDBC_PASSWORD, "");
        options.set(PipelineOptions.WINDOW_SIZE, settings.windowSize());
        // Demo scale: the generator writes billing as it goes, so billing's clock may run close
        // behind; production waits an hour (billing exports arrive in batches).
        options.set(PipelineOptions.MAX_OUT_OF_ORDERNESS, Duration.ofSeconds(2));
        options.set(
                PipelineOptions.BILLING_MAX_OUT_OF_ORDERNESS,
                settings.scrapeInterval().multipliedBy(2));
        options.set(PipelineOptions.ATTRIBUTION_WAIT, Duration.ofSeconds(30));
        options.set(PipelineOptions.IDLE_TIMEOUT, Duration.ofSeconds(5));

        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(settings.parallelism(), flink);
        CostflowJob.fromOptions(options).defineWorkflow(env);
        try {
            return env.executeAsync("costflow-cost-windows");
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the cost-window job", e);
        }
    }

    private ScheduledExecutorService startGenerator(KafkaWorkloadSink sink) {
        WorkloadGenerator generator =
                new WorkloadGenerator(
                        WorkloadGenerator.defaultServices(settings.services()),
                        settings.scrapeInterval(),
                        42L);
        ScheduledExecutorService scheduler =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "workload-generator");
                            t.setDaemon(true);
                            return t;
                        });
        Instant[] last = {Instant.now()};
        scheduler.scheduleAtFixedRate(
                () -> {
                    Instant now = Instant.now();
                    try {
                        generator.emit(last[0], now, sink);
                        last[0] = now;
                    } catch (RuntimeException e) {
                        LOG.warn("workload generator failed; will retry next tick", e);
                    }
                },
                0,
                500,
                TimeUnit.MILLISECONDS);
        return scheduler;
    }

    private static List<NewTopic> topics() {
        List<NewTopic> topics = new ArrayList<>();
        for (String name : Topics.ALL) {
            NewTopic topic = new NewTopic(name, 2, (short) 1);
            if (name.equals(Topics.SERVICE_CONFIG)) {
                topic.configs(Map.of("cleanup.policy", "compact"));
            }
            topics.add(topic);
        }
        return topics;
    }

    static Optional<Path> latestCheckpoint(Path checkpointDir) {
        if (!Files.isDirectory(checkpointDir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.walk(checkpointDir, 3)) {
            return files.filter(p -> p.getFileName().toString().equals("_metadata"))
                    .map(Path::getParent)
                    .filter(
                            p ->
                                    p.getFileName().toString().startsWith("chk-")
                                            || p.getFileName().toString().startsWith("savepoint-"))
                    .max(Comparator.comparing(LocalStack::modified));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + checkpointDir, e);
        }
    }

    private static java.nio.file.attribute.FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p.resolve("_metadata"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Stops the job with a savepoint: its last Kafka transactions are committed before it ends, so
     * the next start resumes with nothing in doubt. A plain cancel could fall between a checkpoint
     * and the commit of its transactions. Cancels if the savepoint cannot be taken.
     */
    private static void stopWithSavepoint(JobClient job, Path savepoints) throws Exception {
        try {
            String savepoint =
                    job.stopWithSavepoint(
                                    false,
                                    savepoints.toUri().toString(),
                                    SavepointFormatType.CANONICAL)
                            .get(60, TimeUnit.SECONDS);
            LOG.info("Cost-window job stopped with savepoint {}", savepoint);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("Could not stop the job with a savepoint; cancelling it", e);
            job.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    private static void stop(ScheduledExecutorService scheduler) throws InterruptedException {
        scheduler.shutdownNow();
        scheduler.awaitTermination(10, TimeUnit.SECONDS);
    }

    private <T extends AutoCloseable> T track(T resource) {
        started.add(resource);
        return resource;
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    /** The key stored in {@code file}, or a new one written there readable by the owner only. */
    private static String adminKey(Path file) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file).strip();
            }
            String key = EmbeddedApi.newAdminKey();
            Files.writeString(file, key);
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the API admin key " + file, e);
        }
    }

    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                LOG.warn("error while stopping {}", started.get(i), e);
            }
        }
        started.clear();
    }
}

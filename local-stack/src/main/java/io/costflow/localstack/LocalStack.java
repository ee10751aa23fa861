package io.costflow.localstack;

import io.costflow.infra.DatabaseMigrations;
import io.costflow.infra.EmbeddedKafkaBroker;
import io.costflow.infra.EmbeddedPostgresServer;
import io.costflow.localstack.workload.BillingFeed;
import io.costflow.localstack.workload.DemoClock;
import io.costflow.localstack.workload.DemoScenario;
import io.costflow.localstack.workload.DemoService;
import io.costflow.localstack.workload.KafkaWorkloadSink;
import io.costflow.localstack.workload.ScenarioState;
import io.costflow.localstack.workload.WorkloadGenerator;
import io.costflow.localstack.workload.WorkloadSink;
import io.costflow.pipeline.CostflowJob;
import io.costflow.pipeline.EmbeddedFlinkConfig;
import io.costflow.pipeline.PipelineOptions;
import io.costflow.schemas.BillingLineItem;
import io.costflow.schemas.TelemetryEvent;
import io.costflow.schemas.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default: a real Kafka broker, a real PostgreSQL (or an existing Kafka and
 * PostgreSQL), the costflow job on a local MiniCluster, the API with every demo service's config
 * sent through it, the demo scenario's workload generator in simulated time and optionally a
 * replayed FOCUS export, in this process, with all data under one directory. Closing it stops
 * everything in reverse order.
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);

    /** How often the generator catches up with the demo's clock. */
    private static final Duration TICK = Duration.ofMillis(250);

    private final List<AutoCloseable> started = new ArrayList<>();
    private final StackSettings settings;
    private String kafkaBootstrapServers;
    private StackSettings.Database database;
    private EmbeddedApi api;
    private KafkaWorkloadSink workload;
    private DemoClock clock;
    private FocusReplay replay;
    private DemoConsole console;
    private List<DemoService> services;
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

        if (settings.kafkaBootstrapServers() == null) {
            EmbeddedKafkaBroker kafka =
                    track(
                            EmbeddedKafkaBroker.start(
                                    dataDir.resolve("kafka"), settings.kafkaPort()));
            kafkaBootstrapServers = kafka.bootstrapServers();
        } else {
            kafkaBootstrapServers = settings.kafkaBootstrapServers();
        }
        createTopics(kafkaBootstrapServers);

        if (settings.database() == null) {
            EmbeddedPostgresServer postgres =
                    track(
                            // Closed after the job, by close(): see EmbeddedPostgresServer.start.
                            EmbeddedPostgresServer.start(
                                    dataDir.resolve("postgres"), settings.postgresPort(), false));
            database =
                    new StackSettings.Database(postgres.jdbcUrl(), EmbeddedPostgresServer.USER, "");
        } else {
            database = settings.database();
        }
        migrate(database);

        api =
                track(
                        EmbeddedApi.start(
                                database.jdbcUrl(),
                                database.user(),
                                database.password(),
                                kafkaBootstrapServers,
                                adminKey(dataDir.resolve("api-admin-key")),
                                settings.apiPort()));

        WorkloadSettings load = settings.workload();
        services = DemoScenario.services(load.services());
        new ServiceConfigUpload(api.url(), api.adminKey()).putAll(services, Duration.ofSeconds(60));

        Path checkpoints = dataDir.resolve("checkpoints");
        JobClient job = startJob(checkpoints);
        track(() -> stopWithSavepoint(job, checkpoints.resolve("savepoints")));

        workload =
                track(
                        new KafkaWorkloadSink(
                                kafkaBootstrapServers, Topics.TELEMETRY, Topics.BILLING));
        if (load.replay() != null) {
            replay = track(FocusReplay.start(load.replay(), kafkaBootstrapServers));
        }
        startGenerator(dataDir.resolve("scenario.properties"));
        console = track(new DemoConsole(database, kafkaBootstrapServers, Topics.DEAD_LETTER));
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
        return kafkaBootstrapServers;
    }

    public String jdbcUrl() {
        return database.jdbcUrl();
    }

    /** The services the demo generates, with the configs it sent to the API. */
    public List<DemoService> services() {
        return services;
    }

    /** The present in the demo's simulated time. */
    public Instant simulatedNow() {
        return clock.now();
    }

    /** One line of what has happened so far, for the console. */
    public String status() {
        return DemoConsole.summary(
                new DemoConsole.Inputs(
                        clock.now(),
                        clock.caughtUp(),
                        workload.telemetrySent(),
                        workload.billingSent(),
                        workload.restatementsSent(),
                        replay == null ? "" : replay.outcome()),
                console.results());
    }

    /** One line per alert or recommendation that appeared since the last call. */
    public List<String> newEvents() {
        return console.newEvents();
    }

    private JobClient startJob(Path checkpointDir) {
        Configuration flink = EmbeddedFlinkConfig.create(checkpointDir, Duration.ofSeconds(10));
        // Resume from the newest retained checkpoint, so a restarted demo keeps its window state
        // and Kafka offsets instead of starting the open windows over.
        resumedFrom = latestCheckpoint(checkpointDir);
        resumedFrom.ifPresent(
                p -> {
                    LOG.info("Resuming the costflow job from {}", p);
                    flink.set(StateRecoveryOptions.SAVEPOINT_PATH, p.toString());
                });
        Configuration options = new Configuration();
        options.set(PipelineOptions.KAFKA_BOOTSTRAP_SERVERS, kafkaBootstrapServers);
        options.set(PipelineOptions.JDBC_URL, database.jdbcUrl());
        options.set(PipelineOptions.JDBC_USER, database.user());
        options.set(PipelineOptions.JDBC_PASSWORD, database.password());
        options.set(PipelineOptions.WINDOW_SIZE, settings.windowSize());
        // Event time is the demo's simulated time; the generator writes telemetry in order.
        options.set(
                PipelineOptions.MAX_OUT_OF_ORDERNESS,
                settings.workload().scrapeInterval().multipliedBy(2));
        // Billing lines arrive in order of their hour, two hours late; restatements a day late
        // re-state windows within the allowed lateness.
        options.set(PipelineOptions.BILLING_MAX_OUT_OF_ORDERNESS, BillingFeed.standard().period());
        options.set(PipelineOptions.ATTRIBUTION_WAIT, Duration.ofHours(1));
        // Wall-clock time: the generator writes every quarter of a second.
        options.set(PipelineOptions.IDLE_TIMEOUT, Duration.ofSeconds(5));
        demoStageOptions(options);

        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(settings.parallelism(), flink);
        CostflowJob.fromOptions(options).defineWorkflow(env);
        try {
            return env.executeAsync("costflow");
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the costflow job", e);
        }
    }

    /**
     * The recommendation, SLA-alert and budget-alert stages' options at demo scale. Their event
     * time is the demo's simulated time ({@link WorkloadSettings#speed()} times faster than real
     * time, one simulated day every three minutes by default), and their input is cost windows of
     * {@link StackSettings#windowSize()} (15 simulated minutes by default), so durations here are
     * simulated: the recommendation lookback should cover a few simulated hours to a day (the
     * over-provisioned services are visible from the first hours), and the burn-rate windows must
     * be whole multiples of the window size (e.g. page at 1 h / 15 min, 6 h / 30 min; ticket at 3 d
     * / 6 h). The scenario's incidents last 90 minutes (errors, from 2 h after the scenario start)
     * and 2 hours (latency, from 5 h), every two simulated days; the over-budget service spends its
     * monthly budget in about a day and a half.
     */
    static void demoStageOptions(Configuration options) {
        // A simulated day of windows is enough to see the over-provisioned and idle services.
        options.set(PipelineOptions.RECOMMENDATION_LOOKBACK, Duration.ofDays(1));
        // ×3 turns the SRE workbook's windows into whole multiples of the 15-minute windows:
        // page at 3 h / 15 min and 18 h / 90 min, ticket at 9 d / 18 h. The 90-minute error
        // incident (≈50× burn for a 99.9 % target) pages within its first windows and resolves
        // once the short window is clean again.
        options.set(PipelineOptions.ALERT_BURN_RATE_TIME_SCALE, 3.0);
    }

    private void startGenerator(Path stateFile) {
        WorkloadSettings load = settings.workload();
        ScenarioState state =
                ScenarioState.load(stateFile)
                        .orElseGet(
                                () -> {
                                    Instant start =
                                            Instant.now()
                                                    .minus(load.history())
                                                    .truncatedTo(ChronoUnit.HOURS);
                                    return new ScenarioState(start, start);
                                });
        WorkloadGenerator generator =
                new WorkloadGenerator(
                        services,
                        state.start(),
                        load.scrapeInterval(),
                        BillingFeed.standard(),
                        load.seed());
        clock = DemoClock.system(state.position(), load.speed());
        WorkloadSink sink = load.generatedBilling() ? workload : telemetryOnly(workload);
        ScheduledExecutorService scheduler =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "workload-generator");
                            t.setDaemon(true);
                            return t;
                        });
        ScenarioState[] current = {state};
        scheduler.scheduleAtFixedRate(
                () -> {
                    Instant now = clock.now();
                    try {
                        if (now.isAfter(current[0].position())) {
                            generator.emit(current[0].position(), now, sink);
                            current[0] = current[0].at(now);
                            current[0].save(stateFile);
                        }
                    } catch (RuntimeException e) {
                        LOG.warn("workload generator failed; will retry next tick", e);
                    }
                },
                0,
                TICK.toMillis(),
                TimeUnit.MILLISECONDS);
        track(
                () -> {
                    stop(scheduler);
                    workload.flush();
                    current[0].save(stateFile);
                });
    }

    private static WorkloadSink telemetryOnly(WorkloadSink sink) {
        return new WorkloadSink() {
            @Override
            public void telemetry(TelemetryEvent event) {
                sink.telemetry(event);
            }

            @Override
            public void billing(BillingLineItem line) {
                // Billing comes from the replayed FOCUS export instead.
            }
        };
    }

    /** Creates costflow's topics where they are missing; existing ones are left as they are. */
    private static void createTopics(String bootstrapServers) {
        try (Admin admin =
                Admin.create(
                        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            for (NewTopic topic : topics()) {
                try {
                    admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException(
                                "cannot create topic " + topic.name() + " at " + bootstrapServers,
                                e);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException(
                    "Kafka at " + bootstrapServers + " did not create the topics in time", e);
        }
    }

    /** Applies the migrations to the schema the JDBC URL's connections use (public by default). */
    private static void migrate(StackSettings.Database db) {
        String schema;
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT current_schema()")) {
            rs.next();
            schema = rs.getString(1) == null ? "public" : rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to PostgreSQL at " + db.jdbcUrl(), e);
        }
        DatabaseMigrations.migrate(db.jdbcUrl(), db.user(), db.password(), schema);
    }

    private static List<NewTopic> topics() {
        List<NewTopic> topics = new ArrayList<>();
        for (String name : Topics.ALL) {
            // The broker's default replication: 1 on the embedded broker, more on a real cluster.
            NewTopic topic = new NewTopic(name, Optional.of(2), Optional.empty());
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

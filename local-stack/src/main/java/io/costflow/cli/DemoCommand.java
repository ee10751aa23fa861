package io.costflow.cli;

import io.costflow.localstack.LocalStack;
import io.costflow.localstack.StackSettings;
import io.costflow.localstack.WorkloadSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Starts the embedded default — Kafka, PostgreSQL, the Flink job, the API and the demo scenario's
 * workload in simulated time — in this process, and keeps it running until Ctrl-C (or {@code
 * --run-for}), printing a summary line and one line per new alert or recommendation.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = "Run the whole system on this machine with a generated workload.")
final class DemoCommand implements Callable<Integer> {

    /** How often new alerts and recommendations are looked for. */
    private static final Duration EVENTS_EVERY = Duration.ofSeconds(1);

    @Spec CommandSpec spec;

    @Option(
            names = "--data-dir",
            defaultValue = ".costflow/demo",
            description =
                    "Where Kafka, PostgreSQL and checkpoints keep data (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(
            names = "--api-port",
            defaultValue = "8080",
            description = "Port of the HTTP API, 0 for any free port (default: ${DEFAULT-VALUE}).")
    int apiPort;

    @Option(
            names = "--kafka-port",
            defaultValue = "9092",
            description =
                    "Port of the Kafka broker, 0 for any free port (default: ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(
            names = "--postgres-port",
            defaultValue = "5432",
            description = "Port of PostgreSQL, 0 for any free port (default: ${DEFAULT-VALUE}).")
    int postgresPort;

    @Option(
            names = "--kafka-bootstrap",
            paramLabel = "HOST:PORT",
            description =
                    "Use this Kafka instead of starting the embedded broker; costflow's topics are"
                            + " created where missing.")
    String kafkaBootstrap;

    @Option(
            names = "--jdbc-url",
            paramLabel = "URL",
            description =
                    "Use this PostgreSQL instead of starting the embedded one, e.g."
                            + " jdbc:postgresql://db:5432/costflow; the migrations are applied to"
                            + " it.")
    String jdbcUrl;

    @Option(
            names = "--jdbc-user",
            defaultValue = "postgres",
            description = "User for --jdbc-url (default: ${DEFAULT-VALUE}).")
    String jdbcUser;

    @Option(
            names = "--jdbc-password",
            defaultValue = "",
            description = "Password for --jdbc-url (default: empty; or COSTFLOW_DB_PASSWORD).")
    String jdbcPassword;

    @Option(
            names = "--speed",
            defaultValue = "480",
            description =
                    "Time compression: simulated seconds per real second; 480 runs a simulated day"
                            + " in three minutes (default: ${DEFAULT-VALUE}).")
    double speed;

    @Option(
            names = "--history",
            defaultValue = "P30D",
            description =
                    "How far in the past the scenario starts; its clock runs --speed times faster"
                            + " until it reaches the present, then in real time"
                            + " (default: ${DEFAULT-VALUE}).")
    Duration history;

    @Option(
            names = "--window",
            defaultValue = "PT15M",
            description =
                    "Cost window length in simulated time, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration window;

    @Option(
            names = "--scrape-interval",
            defaultValue = "PT5M",
            description =
                    "Telemetry scrape interval in simulated time, whole seconds dividing an hour"
                            + " (default: ${DEFAULT-VALUE}).")
    Duration scrapeInterval;

    @Option(
            names = "--services",
            defaultValue = "24",
            description =
                    "Number of services; the first five carry the story's incidents, budget and"
                            + " idle service (default: ${DEFAULT-VALUE}).")
    int services;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "Seed of the generated workload (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--replay",
            paramLabel = "FOCUS.csv",
            description =
                    "Publish this FOCUS export (CSV, optionally gzip) as billing at start, as"
                            + " `costflow ingest` would.")
    Path replay;

    @Option(
            names = "--generated-billing",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description =
                    "Generate billing for the simulated services; --no-generated-billing leaves"
                            + " billing to --replay (default: ${DEFAULT-VALUE}).")
    boolean generatedBilling;

    @Option(
            names = "--run-for",
            description = "Stop by itself after this long, ISO-8601 (default: until Ctrl-C).")
    Duration runFor;

    @Option(
            names = "--status-every",
            defaultValue = "PT5S",
            description = "How often to print the summary line (default: ${DEFAULT-VALUE}).")
    Duration statusEvery;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        out.println(
                "Starting costflow (Kafka, PostgreSQL, Flink, API) with data in "
                        + dataDir.toAbsolutePath()
                        + " ...");
        out.flush();
        StackSettings settings =
                new StackSettings(
                        dataDir.toAbsolutePath(),
                        kafkaPort,
                        postgresPort,
                        apiPort,
                        kafkaBootstrap,
                        jdbcUrl == null
                                ? null
                                : new StackSettings.Database(jdbcUrl, jdbcUser, databasePassword()),
                        window,
                        2,
                        new WorkloadSettings(
                                services,
                                scrapeInterval,
                                speed,
                                history,
                                seed,
                                generatedBilling,
                                replay == null ? null : replay.toAbsolutePath()));
        LocalStack stack = LocalStack.start(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread shutdown =
                new Thread(
                        () -> {
                            out.println("Stopping costflow ...");
                            out.flush();
                            stack.close();
                            stopped.countDown();
                        },
                        "costflow-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdown);

        Instant simulated = stack.simulatedNow();
        String example =
                stack.apiUrl()
                        + "/v1/services/checkout/costs?from="
                        + simulated.minus(Duration.ofHours(6)).truncatedTo(ChronoUnit.HOURS)
                        + "&to="
                        + simulated.plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.HOURS);
        out.println();
        out.println("costflow is running.");
        out.println("  API         " + stack.apiUrl());
        out.println(
                "  try         curl -H 'Authorization: Bearer "
                        + stack.apiAdminKey()
                        + "' '"
                        + example
                        + "'");
        out.println(
                "  scenario    "
                        + stack.services().size()
                        + " services from "
                        + simulated.truncatedTo(ChronoUnit.MINUTES)
                        + " (simulated), "
                        + String.format("%.0f", speed)
                        + "x real time until it reaches the present");
        out.println("  Kafka       " + stack.kafkaBootstrapServers());
        out.println("  PostgreSQL  " + stack.jdbcUrl());
        out.println("  log         " + logFile().toAbsolutePath());
        out.println("Press Ctrl-C to stop.");
        out.println();
        out.flush();

        long deadline = runFor == null ? Long.MAX_VALUE : System.nanoTime() + runFor.toNanos();
        long nextSummary = System.nanoTime() + statusEvery.toNanos();
        while (System.nanoTime() < deadline
                && !stopped.await(
                        Math.min(EVENTS_EVERY.toMillis(), remainingMillis(deadline)),
                        TimeUnit.MILLISECONDS)) {
            stack.newEvents().forEach(line -> out.println("  " + line));
            if (System.nanoTime() >= nextSummary) {
                out.println(stack.status());
                nextSummary = System.nanoTime() + statusEvery.toNanos();
            }
            out.flush();
        }
        if (stopped.getCount() > 0) {
            // --run-for elapsed: stop here rather than waiting for the JVM's shutdown hook.
            Runtime.getRuntime().removeShutdownHook(shutdown);
            stack.newEvents().forEach(line -> out.println("  " + line));
            out.println(stack.status());
            shutdown.run();
        }
        return 0;
    }

    private String databasePassword() {
        String fromEnvironment = System.getenv("COSTFLOW_DB_PASSWORD");
        return jdbcPassword.isEmpty() && fromEnvironment != null ? fromEnvironment : jdbcPassword;
    }

    /** Where costflow-logback.xml writes the log. */
    private static Path logFile() {
        String configured =
                System.getProperty("COSTFLOW_LOG_FILE", System.getenv("COSTFLOW_LOG_FILE"));
        return Path.of(configured == null ? ".costflow/costflow.log" : configured);
    }

    private static long remainingMillis(long deadline) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }
}

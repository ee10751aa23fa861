package io.costflow.cli;

import io.costflow.localstack.LocalStack;
import io.costflow.localstack.StackSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Starts the embedded default — Kafka, PostgreSQL, the Flink job, the workload generator and the
 * API — in this process, and keeps it running until Ctrl-C (or {@code --run-for}).
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = "Run the whole system on this machine with a generated workload.")
final class DemoCommand implements Callable<Integer> {

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
            names = "--window",
            defaultValue = "PT10S",
            description = "Cost window length, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration window;

    @Option(
            names = "--scrape-interval",
            defaultValue = "PT2S",
            description = "Telemetry scrape interval, whole seconds (default: ${DEFAULT-VALUE}).")
    Duration scrapeInterval;

    @Option(
            names = "--services",
            defaultValue = "20",
            description = "Number of generated services (default: ${DEFAULT-VALUE}).")
    int services;

    @Option(
            names = "--run-for",
            description = "Stop by itself after this long, ISO-8601 (default: until Ctrl-C).")
    Duration runFor;

    @Option(
            names = "--status-every",
            defaultValue = "PT10S",
            description = "How often to print a status line (default: ${DEFAULT-VALUE}).")
    Duration statusEvery;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        out.println(
                "Starting costflow (Kafka, PostgreSQL, Flink, API) with data in "
                        + dataDir.toAbsolutePath()
                        + " ...");
        out.flush();
        LocalStack stack =
                LocalStack.start(
                        new StackSettings(
                                dataDir.toAbsolutePath(),
                                kafkaPort,
                                postgresPort,
                                apiPort,
                                window,
                                scrapeInterval,
                                services,
                                2));
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

        String example =
                stack.apiUrl()
                        + "/v1/services/checkout/costs?from="
                        + Instant.now().minus(Duration.ofHours(1))
                        + "&to="
                        + Instant.now().plus(Duration.ofHours(1));
        out.println();
        out.println("costflow is running.");
        out.println("  API         " + stack.apiUrl());
        out.println(
                "  try         curl -H 'Authorization: Bearer "
                        + stack.apiAdminKey()
                        + "' '"
                        + example
                        + "'");
        out.println("  Kafka       " + stack.kafkaBootstrapServers());
        out.println("  PostgreSQL  " + stack.jdbcUrl() + " (user postgres)");
        out.println("  log         " + logFile().toAbsolutePath());
        out.println("Press Ctrl-C to stop.");
        out.println();
        out.flush();

        long deadline = runFor == null ? Long.MAX_VALUE : System.nanoTime() + runFor.toNanos();
        while (System.nanoTime() < deadline
                && !stopped.await(
                        Math.min(statusEvery.toMillis(), remainingMillis(deadline)),
                        TimeUnit.MILLISECONDS)) {
            out.println(stack.status());
            out.flush();
        }
        if (stopped.getCount() > 0) {
            // --run-for elapsed: stop here rather than waiting for the JVM's shutdown hook.
            Runtime.getRuntime().removeShutdownHook(shutdown);
            out.println(stack.status());
            shutdown.run();
        }
        return 0;
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

package io.costflow.bench;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code costflow bench pipeline}: the cost-window job against a read-and-decode baseline; {@code
 * costflow bench api}: the query API against the same SQL over JDBC.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description =
                "Benchmarks on this machine, each against a baseline measured in the same run.",
        subcommands = {BenchCommand.Pipeline.class, BenchCommand.Api.class})
public final class BenchCommand implements Runnable {

    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The cost-window job: (a) baseline, (b) as deployed, (c) heap state, (d) at-least-once. */
    @Command(
            name = "pipeline",
            mixinStandardHelpOptions = true,
            description =
                    "Cost-window job throughput vs. a plain KafkaConsumer that reads and decodes.")
    static final class Pipeline implements Callable<Integer> {

        @Spec CommandSpec spec;

        @Option(
                names = "--services",
                defaultValue = "100",
                description = "Generated services (default: ${DEFAULT-VALUE}).")
        int services;

        @Option(
                names = "--span",
                defaultValue = "PT6H",
                description =
                        "Event time covered by the pre-loaded data, 15 s scrapes (default: ${DEFAULT-VALUE}).")
        Duration span;

        @Option(
                names = "--parallelism",
                defaultValue = "2",
                description = "Job parallelism and partitions (default: ${DEFAULT-VALUE}).")
        int parallelism;

        @Option(
                names = "--repeat",
                defaultValue = "1",
                description =
                        "Interleaved rounds of all variants; medians are reported (default: ${DEFAULT-VALUE}).")
        int repeat;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            Path dir = Files.createTempDirectory("costflow-bench-");
            new PipelineBenchmark(dir, services, span, parallelism, repeat, out).run();
            return 0;
        }
    }

    /** The query API's read endpoints on loopback vs. their SQL run directly over JDBC. */
    @Command(
            name = "api",
            mixinStandardHelpOptions = true,
            description =
                    "Query API req/s and p50/p99 vs. the same SQL over JDBC at the same"
                            + " concurrency, then p99 at half the API's peak rate.")
    static final class Api implements Callable<Integer> {

        @Spec CommandSpec spec;

        @Option(
                names = "--services",
                defaultValue = "1000",
                description = "Services (default: ${DEFAULT-VALUE}).")
        int services;

        @Option(
                names = "--windows",
                defaultValue = "1000",
                description = "Hourly cost windows per service (default: ${DEFAULT-VALUE}).")
        int windows;

        @Option(
                names = "--range",
                defaultValue = "24",
                description = "Windows per cost request (default: ${DEFAULT-VALUE}).")
        int range;

        @Option(
                names = "--concurrency",
                defaultValue = "8",
                description = "Concurrent workers (default: ${DEFAULT-VALUE}).")
        int concurrency;

        @Option(
                names = "--warmup",
                defaultValue = "PT10S",
                description = "Warm-up per variant (default: ${DEFAULT-VALUE}).")
        Duration warmup;

        @Option(
                names = "--duration",
                defaultValue = "PT20S",
                description = "Measurement per variant (default: ${DEFAULT-VALUE}).")
        Duration duration;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            Path dir = Files.createTempDirectory("costflow-bench-api-");
            new ApiBenchmark(dir, services, windows, range, concurrency, warmup, duration, out)
                    .run();
            return 0;
        }
    }
}

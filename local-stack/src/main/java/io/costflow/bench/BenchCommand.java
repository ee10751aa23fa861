package io.costflow.bench;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.flink.util.FileUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code costflow bench pipeline}: the cost-window job against a read-and-decode baseline. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description =
                "Benchmarks on this machine, each against a baseline measured in the same run.",
        subcommands = {
            BenchCommand.Pipeline.class,
            BenchCommand.Recommendations.class,
            BenchCommand.Alerts.class,
            BenchCommand.Api.class
        })
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
            try {
                new PipelineBenchmark(dir, services, span, parallelism, repeat, out).run();
            } finally {
                FileUtils.deleteDirectoryQuietly(dir.toFile());
            }
            return 0;
        }
    }

    /** Recommendation evaluations per second per core against building the profile alone. */
    @Command(
            name = "recommendations",
            mixinStandardHelpOptions = true,
            description =
                    "Advisors + SLO model over a 14-day hourly lookback vs. building the profile"
                            + " alone, single-threaded.")
    static final class Recommendations implements Callable<Integer> {

        @Spec CommandSpec spec;

        @Option(
                names = "--rounds",
                defaultValue = "5",
                description = "Measured rounds; medians are reported (default: ${DEFAULT-VALUE}).")
        int rounds;

        @Option(
                names = "--round-length",
                defaultValue = "PT3S",
                description = "Length of each measured round (default: ${DEFAULT-VALUE}).")
        Duration roundLength;

        @Option(
                names = "--warm-up",
                defaultValue = "PT5S",
                description =
                        "Warm-up of each variant before measuring (default: ${DEFAULT-VALUE}).")
        Duration warmUp;

        @Override
        public Integer call() {
            new RecommendationBenchmark(rounds, roundLength, warmUp, spec.commandLine().getOut())
                    .run();
            return 0;
        }
    }

    /** Alert latency under background load against a produce/consume round trip. */
    @Command(
            name = "alerts",
            mixinStandardHelpOptions = true,
            description =
                    "Latency from the telemetry that crosses an SLO threshold to its alert on the"
                            + " topic, vs. a plain produce -> consume round trip.")
    static final class Alerts implements Callable<Integer> {

        @Spec CommandSpec spec;

        @Option(
                names = "--services",
                defaultValue = "200",
                description =
                        "Background services, one sample per window each (default: ${DEFAULT-VALUE}).")
        int services;

        @Option(
                names = "--rounds",
                defaultValue = "200",
                description = "Measured alerts (default: ${DEFAULT-VALUE}).")
        int rounds;

        @Option(
                names = "--pause",
                defaultValue = "PT0.2S",
                description = "Wall time between rounds (default: ${DEFAULT-VALUE}).")
        Duration pause;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            Path dir = Files.createTempDirectory("costflow-bench-alerts-");
            try {
                new AlertLatencyBenchmark(dir, services, rounds, pause, out).run();
            } finally {
                FileUtils.deleteDirectoryQuietly(dir.toFile());
            }
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

        @Option(
                names = "--scenario",
                split = ",",
                description =
                        "Scenarios to run: costs, simulate, floor (default: costs,simulate)."
                                + " floor is the API's cost without a database: an endpoint that"
                                + " only checks the key, routes and writes JSON. Extra JVM"
                                + " options for the API process come from"
                                + " COSTFLOW_BENCH_API_JAVA_OPTS.")
        Set<String> scenarios = Set.of();

        /** Why the options cannot be run with, or null when they can. */
        String invalidOptions() {
            if (services < 1 || range < 1 || windows < range) {
                return "need at least one service and --windows >= --range >= 1 (got --services "
                        + services
                        + ", --windows "
                        + windows
                        + ", --range "
                        + range
                        + ")";
            }
            if (concurrency < 1) {
                return "need --concurrency >= 1 (got " + concurrency + ")";
            }
            if (duration.toSeconds() < 1 || warmup.toSeconds() < 1) {
                // The warm-up's first loop sets the rate of the rest of it.
                return "need a --duration (measured in turns) and a --warmup of at least 1 s (got "
                        + duration
                        + ", "
                        + warmup
                        + ")";
            }
            return null;
        }

        @Override
        public Integer call() throws Exception {
            String invalid = invalidOptions();
            if (invalid != null) {
                throw new ParameterException(spec.commandLine(), invalid);
            }
            PrintWriter out = spec.commandLine().getOut();
            Path dir = Files.createTempDirectory("costflow-bench-api-");
            try {
                new ApiBenchmark(
                                dir,
                                services,
                                windows,
                                range,
                                concurrency,
                                warmup,
                                duration,
                                scenarios,
                                out)
                        .run();
            } finally {
                // The loaded database takes about 1.5 GB.
                FileUtils.deleteDirectoryQuietly(dir.toFile());
            }
            return 0;
        }
    }
}

package io.costflow.bench;

import io.costflow.model.advice.AdvisorOutcome;
import io.costflow.model.advice.ServiceAdvisor;
import io.costflow.model.catalog.InstanceType;
import io.costflow.model.catalog.PriceCatalog;
import io.costflow.model.simulation.Simulator;
import io.costflow.model.slo.ServiceProfile;
import io.costflow.model.slo.SloModel;
import io.costflow.model.slo.SloPolicy;
import io.costflow.schemas.CostStatus;
import io.costflow.schemas.Decimals;
import io.costflow.schemas.LatencyHistogram;
import io.costflow.schemas.ServiceConfig;
import io.costflow.schemas.ServiceCostWindow;
import io.costflow.schemas.UtilizationStats;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.ToLongFunction;

/**
 * Recommendation evaluations per second on one core: what the recommendation stage does per service
 * and window close — build the {@link ServiceProfile} from a 14-day lookback of hourly windows
 * (336) and run every advisor with the SLO model — against a baseline measured in the same run:
 * building the profile alone. A single-threaded loop over a mix of services (over-provisioned,
 * latency-sensitive, busy, idle), with a warm-up and several measured rounds; medians are reported.
 */
public final class RecommendationBenchmark {

    private static final Duration LOOKBACK = Duration.ofDays(14);
    private static final Duration HOUR = Duration.ofHours(1);
    private static final int WINDOWS = (int) (LOOKBACK.toHours());
    private static final String REGION = "us-east-1";

    /** A service's config, today's instance type and its lookback. */
    private record Service(
            ServiceConfig config, InstanceType type, List<ServiceCostWindow> windows) {}

    private final int rounds;
    private final Duration roundLength;
    private final Duration warmUp;
    private final PrintWriter out;
    private final PriceCatalog catalog = PriceCatalog.bundled();
    private final ServiceAdvisor advisor =
            ServiceAdvisor.withDefaults(catalog, new Simulator(new SloModel(SloPolicy.DEFAULT)));
    private final List<Service> services;

    /**
     * @param rounds measured rounds of each variant, interleaved
     * @param roundLength how long each measured round runs
     * @param warmUp how long both variants run before measuring, for the JIT
     */
    public RecommendationBenchmark(
            int rounds, Duration roundLength, Duration warmUp, PrintWriter out) {
        this.rounds = rounds;
        this.roundLength = roundLength;
        this.warmUp = warmUp;
        this.out = out;
        Random random = new Random(2026);
        this.services =
                List.of(
                        service("checkout", "m6i.2xlarge", 4, 200, 0.15, 0.12, 50, random),
                        service("search", "c6i.2xlarge", 4, 200, 0.15, 0.12, 250, random),
                        service("payments", "m6i.xlarge", 4, 400, 0.70, 0.40, 40, random),
                        service("catalog", "r6i.2xlarge", 6, 80, 0.25, 0.30, 100, random),
                        service("reports", "m6i.xlarge", 2, 0, 0.01, 0.05, 10, random));
    }

    /** Runs the warm-up and the rounds and prints rates and their ratio. */
    public void run() {
        out.printf(
                "recommendation benchmark: %d services, %d hourly windows each (%s lookback),"
                        + " %d instance types in %s, 1 thread%n",
                services.size(), WINDOWS, LOOKBACK, catalog.inRegion(REGION).size(), REGION);
        long sink = measure(warmUp, this::profileOnly) + measure(warmUp, this::evaluate);
        double[] profileRates = new double[rounds];
        double[] evaluationRates = new double[rounds];
        for (int round = 0; round < rounds; round++) {
            long[] counted = new long[2];
            profileRates[round] = rate(roundLength, this::profileOnly, counted, 0);
            evaluationRates[round] = rate(roundLength, this::evaluate, counted, 1);
            sink += counted[0] + counted[1];
            out.printf(
                    "round %d: profile only %,.0f/s, profile + advisors + SLO model %,.0f"
                            + " evaluations/s%n",
                    round + 1, profileRates[round], evaluationRates[round]);
        }
        double profile = median(profileRates);
        double evaluation = median(evaluationRates);
        out.printf("%nmedian of %d rounds:%n", rounds);
        out.printf("  (a) baseline, profile from 336 windows only: %,12.0f /s%n", profile);
        out.printf(
                "  (b) full evaluation (profile + advisors):    %,12.0f evaluations/s/core%n",
                evaluation);
        out.printf(
                "  (b)/(a) = %.3f: the advisors and SLO model cost %.1f× the profile%n",
                evaluation / profile, profile / evaluation - 1);
        out.printf("(checksum %d)%n", sink);
        out.flush();
    }

    private long profileOnly(Service s) {
        return ServiceProfile.from(s.config(), s.type(), s.windows(), LOOKBACK).windowsPresent();
    }

    private long evaluate(Service s) {
        ServiceProfile profile = ServiceProfile.from(s.config(), s.type(), s.windows(), LOOKBACK);
        AdvisorOutcome outcome = advisor.advise(profile);
        return outcome.recommendations().size() * 31L + outcome.rejections().size();
    }

    /** Runs {@code task} over the services for {@code length}; returns a checksum. */
    private long measure(Duration length, ToLongFunction<Service> task) {
        long[] counted = new long[1];
        rate(length, task, counted, 0);
        return counted[0];
    }

    private double rate(Duration length, ToLongFunction<Service> task, long[] checksum, int slot) {
        long deadline = System.nanoTime() + length.toNanos();
        long start = System.nanoTime();
        long evaluations = 0;
        long sum = 0;
        while (System.nanoTime() < deadline) {
            for (Service s : services) {
                sum += task.applyAsLong(s);
            }
            evaluations += services.size();
        }
        long elapsed = System.nanoTime() - start;
        checksum[slot] += sum;
        return evaluations / (elapsed / 1e9);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private Service service(
            String serviceId,
            String instanceType,
            int replicas,
            double requestsPerSecond,
            double cpuP95,
            double memoryP99,
            double p99Ms,
            Random random) {
        InstanceType type = catalog.find(REGION, instanceType).orElseThrow();
        ServiceConfig config =
                ServiceConfig.newBuilder()
                        .setServiceId(serviceId)
                        .setOwner("bench")
                        .setAvailabilityTarget(0.999)
                        .setLatencyThresholdMs(300)
                        .setLatencyTarget(0.99)
                        .setBudgetCurrency("USD")
                        .setInstanceType(instanceType)
                        .setReplicas(replicas)
                        .setVersion(1)
                        .setUpdatedAt(Instant.EPOCH)
                        .build();
        Instant beginning = Instant.parse("2026-11-01T00:00:00Z");
        List<ServiceCostWindow> windows = new ArrayList<>(WINDOWS);
        for (int h = 0; h < WINDOWS; h++) {
            // ±10 % noise, so percentiles across windows have something to sort.
            double jitter = 0.9 + 0.2 * random.nextDouble();
            long requests = Math.round(requestsPerSecond * 3600 * jitter);
            Instant start = beginning.plus(HOUR.multipliedBy(h));
            windows.add(
                    ServiceCostWindow.newBuilder()
                            .setServiceId(serviceId)
                            .setWindowStart(start)
                            .setWindowEnd(start.plus(HOUR))
                            .setStatus(CostStatus.BILLED)
                            .setRevision(1)
                            .setCurrency("USD")
                            .setBilledCost(Decimals.of("3.00"))
                            .setEffectiveCost(Decimals.of("2.40"))
                            .setProvisionalCost(Decimals.ZERO)
                            .setRequestCount(requests)
                            .setErrorCount(0)
                            .setLatency(latency(requests, p99Ms))
                            .setCpuUtilization(stats(Math.min(1, cpuP95 * jitter)))
                            .setMemoryUtilization(stats(memoryP99))
                            .setResourceCount(replicas)
                            .setIdleCost(Decimals.ZERO)
                            .setUpdatedAt(start.plus(HOUR))
                            .build());
        }
        return new Service(config, type, windows);
    }

    private static UtilizationStats stats(double share) {
        return UtilizationStats.newBuilder()
                .setSamples(240)
                .setP50(share / 2)
                .setP95(share)
                .setP99(share)
                .setMax(share)
                .build();
    }

    /**
     * Buckets at 10, 50, 100, 250, 500 ms; 98 % under 10 ms, 2 % in the bucket of {@code p99Ms}.
     */
    private static LatencyHistogram latency(long requests, double p99Ms) {
        List<Double> bounds = List.of(10.0, 50.0, 100.0, 250.0, 500.0);
        Long[] counts = new Long[bounds.size() + 1];
        Arrays.fill(counts, 0L);
        long slow = requests / 50;
        counts[0] = requests - slow;
        int bucket = 0;
        while (bucket < bounds.size() - 1 && bounds.get(bucket) < p99Ms) {
            bucket++;
        }
        counts[bucket] += slow;
        return LatencyHistogram.newBuilder()
                .setBucketBoundsMs(bounds)
                .setBucketCounts(Arrays.asList(counts))
                .build();
    }
}

package io.costflow.pipeline.recommend;

import io.costflow.model.catalog.InstanceType;
import io.costflow.model.catalog.PriceCatalog;
import io.costflow.schemas.CostStatus;
import io.costflow.schemas.Decimals;
import io.costflow.schemas.LatencyHistogram;
import io.costflow.schemas.ServiceConfig;
import io.costflow.schemas.ServiceCostWindow;
import io.costflow.schemas.UtilizationStats;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** Named services, instants and windows for the recommendation stage's tests. */
final class RecommendationFixtures {

    static final String REGION = "us-east-1";
    static final PriceCatalog CATALOG = PriceCatalog.bundled();
    static final Instant BEGINNING = Instant.parse("2026-11-01T00:00:00Z");
    static final Duration ONE_HOUR = Duration.ofHours(1);
    static final Duration LOOKBACK = Duration.ofDays(1);
    static final int HOURS_IN_LOOKBACK = 24;
    static final long BUSY_REQUESTS_PER_HOUR = 200L * 3600;

    static final Duration WITHDRAWN_RETENTION = Duration.ofDays(30);

    private RecommendationFixtures() {}

    static InstanceType type(String name) {
        return CATALOG.find(REGION, name).orElseThrow();
    }

    static RecommendationSettings settings() {
        return new RecommendationSettings(LOOKBACK, 0.10, REGION, null, WITHDRAWN_RETENTION);
    }

    static Instant hoursLater(long hours) {
        return BEGINNING.plus(ONE_HOUR.multipliedBy(hours));
    }

    /** The end of event hour {@code hour}, as a watermark. */
    static long endOfHour(long hour) {
        return hoursLater(hour + 1).toEpochMilli();
    }

    static ServiceConfig config(String serviceId, String instanceType, int replicas, double sloMs) {
        return config(serviceId, instanceType, replicas, sloMs, 1);
    }

    static ServiceConfig config(
            String serviceId, String instanceType, int replicas, double sloMs, long version) {
        return ServiceConfig.newBuilder()
                .setServiceId(serviceId)
                .setOwner("team-" + serviceId)
                .setAvailabilityTarget(0.999)
                .setLatencyThresholdMs(sloMs)
                .setLatencyTarget(0.99)
                .setBudgetCurrency("USD")
                .setInstanceType(instanceType)
                .setReplicas(replicas)
                .setVersion(version)
                .setUpdatedAt(BEGINNING)
                .build();
    }

    /** Checkout's hour: 200 req/s at 15 % CPU (p95) and 12 % memory, every request ≤ 50 ms. */
    static ServiceCostWindow overProvisionedHour(String serviceId, int hour) {
        return window(
                serviceId,
                hour,
                1,
                BUSY_REQUESTS_PER_HOUR,
                0.15,
                0.12,
                latency(0, BUSY_REQUESTS_PER_HOUR, 0, 0, 0, 0));
    }

    /** The same load with 2 % of requests between 100 and 250 ms: p99 250 ms, near a 300 ms SLO. */
    static ServiceCostWindow latencySensitiveHour(String serviceId, int hour) {
        long slow = BUSY_REQUESTS_PER_HOUR / 50;
        return window(
                serviceId,
                hour,
                1,
                BUSY_REQUESTS_PER_HOUR,
                0.15,
                0.12,
                latency(0, 0, BUSY_REQUESTS_PER_HOUR - slow, slow, 0, 0));
    }

    /** No requests, 1 % CPU. */
    static ServiceCostWindow idleHour(String serviceId, int hour) {
        return window(serviceId, hour, 1, 0, 0.01, 0.05, null);
    }

    static ServiceCostWindow window(
            String serviceId,
            int hour,
            long revision,
            long requests,
            double cpu,
            double memory,
            LatencyHistogram latency) {
        Instant start = hoursLater(hour);
        return ServiceCostWindow.newBuilder()
                .setServiceId(serviceId)
                .setWindowStart(start)
                .setWindowEnd(start.plus(ONE_HOUR))
                .setStatus(CostStatus.BILLED)
                .setRevision(revision)
                .setCurrency("USD")
                .setBilledCost(Decimals.of("3.00"))
                .setEffectiveCost(Decimals.of("3.00"))
                .setProvisionalCost(Decimals.of("3.00"))
                .setRequestCount(requests)
                .setErrorCount(0)
                .setLatency(latency)
                .setCpuUtilization(flat(cpu))
                .setMemoryUtilization(flat(memory))
                .setResourceCount(4)
                .setIdleCost(Decimals.ZERO)
                .setUpdatedAt(start.plus(ONE_HOUR))
                .build();
    }

    /** The same share at every percentile. */
    static UtilizationStats flat(double share) {
        return UtilizationStats.newBuilder()
                .setSamples(240)
                .setP50(share)
                .setP95(share)
                .setP99(share)
                .setMax(share)
                .build();
    }

    /** Buckets at 10, 50, 100, 250, 500 ms; counts per bucket plus the overflow bucket. */
    static LatencyHistogram latency(long... counts) {
        return LatencyHistogram.newBuilder()
                .setBucketBoundsMs(List.of(10.0, 50.0, 100.0, 250.0, 500.0))
                .setBucketCounts(Arrays.stream(counts).boxed().toList())
                .build();
    }
}

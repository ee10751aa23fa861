package io.costflow.model.slo;

import io.costflow.model.catalog.InstanceType;
import io.costflow.model.catalog.PriceCatalog;
import io.costflow.schemas.CostStatus;
import io.costflow.schemas.Decimals;
import io.costflow.schemas.LatencyHistogram;
import io.costflow.schemas.ServiceConfig;
import io.costflow.schemas.ServiceCostWindow;
import io.costflow.schemas.UtilizationStats;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/** Named services, instance types and windows shared by the SLO, advice and simulation tests. */
public final class ServiceFixtures {

    public static final PriceCatalog CATALOG = PriceCatalog.bundled();
    public static final String REGION = "us-east-1";
    public static final InstanceType M6I_LARGE = type("m6i.large");
    public static final InstanceType M6I_XLARGE = type("m6i.xlarge");
    public static final InstanceType M6I_2XLARGE = type("m6i.2xlarge");
    public static final InstanceType C6I_LARGE = type("c6i.large");
    public static final InstanceType C6I_2XLARGE = type("c6i.2xlarge");

    public static final Instant BEGINNING = Instant.parse("2026-11-01T00:00:00Z");
    public static final Duration ONE_HOUR = Duration.ofHours(1);
    public static final Duration ONE_DAY = Duration.ofDays(1);

    public static final double SLO_300_MS = 300;

    private ServiceFixtures() {}

    public static InstanceType type(String name) {
        return CATALOG.find(REGION, name).orElseThrow();
    }

    /** A busy checkout service on 4 × m6i.2xlarge that uses 15 % of its CPU at p95. */
    public static ServiceProfile overProvisionedCheckout() {
        return profile("checkout", M6I_2XLARGE, 4, 200, 0.15, 0.12, 30);
    }

    /** Busy on 4 × c6i.2xlarge (the cheapest 8-vCPU type) with a p99 already close to the SLO. */
    public static ServiceProfile latencySensitiveSearch() {
        return profile("search", C6I_2XLARGE, 4, 200, 0.15, 0.12, 250);
    }

    /** Nobody calls it and it does nothing. */
    public static ServiceProfile idleReports() {
        return new ServiceProfile(
                "reports",
                "USD",
                M6I_XLARGE,
                2,
                0.0,
                utilization(0.01),
                Optional.of(utilization(0.05)),
                OptionalDouble.empty(),
                SLO_300_MS,
                BigDecimal.ONE,
                0,
                24,
                24);
    }

    public static ServiceProfile profile(
            String serviceId,
            InstanceType type,
            int replicas,
            double requestsPerSecond,
            double cpuP95,
            double memoryP99,
            double p99Ms) {
        return new ServiceProfile(
                serviceId,
                "USD",
                type,
                replicas,
                requestsPerSecond,
                utilization(cpuP95),
                Optional.of(utilization(memoryP99)),
                OptionalDouble.of(p99Ms),
                SLO_300_MS,
                BigDecimal.ONE,
                0.05,
                24,
                24);
    }

    /** The same value at every percentile: a flat load. */
    public static UtilizationSummary utilization(double share) {
        return new UtilizationSummary(share, share, share, share);
    }

    public static ServiceConfig config(String serviceId, InstanceType type, int replicas) {
        return ServiceConfig.newBuilder()
                .setServiceId(serviceId)
                .setOwner("team-payments")
                .setAvailabilityTarget(0.999)
                .setLatencyThresholdMs(SLO_300_MS)
                .setLatencyTarget(0.99)
                .setBudgetCurrency("USD")
                .setInstanceType(type.name())
                .setReplicas(replicas)
                .setVersion(1)
                .setUpdatedAt(BEGINNING)
                .build();
    }

    /** A BILLED one-hour window starting {@code hoursAfterBeginning} after BEGINNING. */
    public static ServiceCostWindow hourlyWindow(
            String serviceId,
            int hoursAfterBeginning,
            long requests,
            double cpuP95,
            LatencyHistogram latency,
            String billed,
            String effective) {
        Instant start = BEGINNING.plus(ONE_HOUR.multipliedBy(hoursAfterBeginning));
        return ServiceCostWindow.newBuilder()
                .setServiceId(serviceId)
                .setWindowStart(start)
                .setWindowEnd(start.plus(ONE_HOUR))
                .setStatus(CostStatus.BILLED)
                .setRevision(1)
                .setCurrency("USD")
                .setBilledCost(Decimals.of(billed))
                .setEffectiveCost(Decimals.of(effective))
                .setProvisionalCost(Decimals.ZERO)
                .setRequestCount(requests)
                .setErrorCount(0)
                .setLatency(latency)
                .setCpuUtilization(stats(cpuP95))
                .setMemoryUtilization(stats(0.30))
                .setResourceCount(4)
                .setIdleCost(Decimals.ZERO)
                .setUpdatedAt(start.plus(ONE_HOUR))
                .build();
    }

    public static UtilizationStats stats(double p95) {
        return UtilizationStats.newBuilder()
                .setSamples(240)
                .setP50(p95 / 2)
                .setP95(p95)
                .setP99(Math.min(1, p95 * 1.1))
                .setMax(Math.min(1, p95 * 1.2))
                .build();
    }

    /** Buckets at 10, 50, 100, 250, 500 ms; counts per bucket plus the overflow bucket. */
    public static LatencyHistogram latency(long... counts) {
        return LatencyHistogram.newBuilder()
                .setBucketBoundsMs(List.of(10.0, 50.0, 100.0, 250.0, 500.0))
                .setBucketCounts(java.util.Arrays.stream(counts).boxed().toList())
                .build();
    }
}

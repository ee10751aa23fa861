package io.costflow.localstack.workload;

import io.costflow.schemas.BillingLineItem;
import io.costflow.schemas.ChargeCategory;
import io.costflow.schemas.Decimals;
import io.costflow.schemas.LatencyHistogram;
import io.costflow.schemas.TelemetryEvent;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Generates telemetry scrapes and the matching billing line items of a set of services. It is
 * deterministic: the same services, interval and seed give the same records for the same time
 * range, however the range is cut into calls, so tests can compute what they expect.
 */
public final class WorkloadGenerator {

    /** Latency bucket bounds of every generated histogram, in ms. */
    static final List<Double> LATENCY_BOUNDS_MS =
            List.of(5.0, 10.0, 25.0, 50.0, 100.0, 250.0, 500.0, 1000.0);

    private static final BigDecimal SECONDS_PER_HOUR = BigDecimal.valueOf(3600);

    private final List<DemoService> services;
    private final Duration scrapeInterval;
    private final long seed;

    public WorkloadGenerator(List<DemoService> services, Duration scrapeInterval, long seed) {
        if (scrapeInterval.toMillis() < 1000 || scrapeInterval.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException(
                    "scrape interval must be whole seconds, was " + scrapeInterval);
        }
        this.services = List.copyOf(services);
        this.scrapeInterval = scrapeInterval;
        this.seed = seed;
    }

    /** A spread of {@code count} services on common general-purpose instance types. */
    public static List<DemoService> defaultServices(int count) {
        String[] names = {
            "checkout", "search", "catalog", "payments", "recommendations", "auth", "cart",
            "shipping", "inventory", "notifications", "reviews", "pricing", "ledger", "media",
            "gateway", "reports", "ads", "profiles", "orders", "fraud"
        };
        String[][] types = {
            {"m6i.large", "0.096"},
            {"m6i.xlarge", "0.192"},
            {"c6i.large", "0.085"},
            {"r6i.large", "0.126"},
            {"m6i.2xlarge", "0.384"}
        };
        List<DemoService> result = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = i < names.length ? names[i] : "service-" + i;
            String[] type = types[i % types.length];
            result.add(
                    new DemoService(
                            name,
                            type[0],
                            new BigDecimal(type[1]),
                            2 + i % 4,
                            20.0 + 35.0 * (i % 5),
                            0.15 + 0.1 * (i % 6)));
        }
        return result;
    }

    /**
     * Emits every scrape whose interval ends in {@code (from, to]}, aligned to the scrape interval:
     * one telemetry event per replica and one billing line per replica for the same interval,
     * tagged with the service.
     */
    public void emit(Instant from, Instant to, WorkloadSink sink) {
        long step = scrapeInterval.toMillis();
        long firstEnd = (Math.floorDiv(from.toEpochMilli(), step) + 1) * step;
        for (long end = firstEnd; end <= to.toEpochMilli(); end += step) {
            for (DemoService service : services) {
                for (int replica = 0; replica < service.replicas(); replica++) {
                    emitScrape(service, replica, Instant.ofEpochMilli(end), sink);
                }
            }
        }
    }

    /** The billed cost of one replica for one scrape interval, exact at the contract scale. */
    public BigDecimal costPerScrape(DemoService service) {
        return Decimals.normalize(
                service.hourlyPricePerReplica()
                        .multiply(BigDecimal.valueOf(scrapeInterval.toSeconds()))
                        .divide(
                                SECONDS_PER_HOUR,
                                Decimals.SCALE,
                                java.math.RoundingMode.HALF_EVEN));
    }

    private void emitScrape(DemoService service, int replica, Instant end, WorkloadSink sink) {
        String resourceId = service.serviceId() + "-" + replica;
        SplittableRandom random =
                new SplittableRandom(seed ^ (resourceId.hashCode() * 31L + end.toEpochMilli()));
        long seconds = scrapeInterval.toSeconds();
        long requests =
                Math.max(
                        0,
                        Math.round(
                                service.requestsPerSecond()
                                        * seconds
                                        * (0.8 + 0.4 * random.nextDouble())
                                        / service.replicas()));
        long errors = requests == 0 ? 0 : random.nextLong(Math.max(1, requests / 200) + 1);
        double cpu = clamp(service.cpuUtilization() * (0.85 + 0.3 * random.nextDouble()));

        sink.telemetry(
                TelemetryEvent.newBuilder()
                        .setEventId(resourceId + "/" + end.toEpochMilli())
                        .setServiceId(service.serviceId())
                        .setResourceId(resourceId)
                        .setInstanceType(service.instanceType())
                        .setRegion("eu-west-1")
                        .setTimestamp(end)
                        .setIntervalSeconds((int) seconds)
                        .setCpuUtilization(cpu)
                        .setMemoryUtilization(clamp(0.3 + 0.4 * cpu))
                        .setRequestCount(requests)
                        .setErrorCount(errors)
                        .setLatency(histogram(requests, cpu, random))
                        .build());

        BigDecimal cost = costPerScrape(service);
        Instant start = end.minus(scrapeInterval);
        sink.billing(
                BillingLineItem.newBuilder()
                        .setLineItemId(resourceId + "/" + start.toEpochMilli())
                        .setBillingAccountId("demo-account")
                        .setChargePeriodStart(start)
                        .setChargePeriodEnd(end)
                        .setChargeCategory(ChargeCategory.USAGE)
                        .setBilledCost(cost)
                        .setEffectiveCost(cost)
                        .setListCost(cost)
                        .setBillingCurrency("USD")
                        .setResourceId(resourceId)
                        .setServiceName("Amazon Elastic Compute Cloud")
                        .setSkuId(service.instanceType())
                        .setPricingUnit("Hours")
                        .setConsumedQuantity(
                                Decimals.normalize(
                                        BigDecimal.valueOf(seconds)
                                                .divide(
                                                        SECONDS_PER_HOUR,
                                                        Decimals.SCALE,
                                                        java.math.RoundingMode.HALF_EVEN)))
                        .setConsumedUnit("Hours")
                        .setRegionId("eu-west-1")
                        .setTags(Map.of("service", service.serviceId()))
                        .build());
    }

    /** Most requests are fast; a busier CPU shifts the mass to slower buckets. */
    private static LatencyHistogram histogram(long requests, double cpu, SplittableRandom random) {
        List<Long> counts = new ArrayList<>();
        long left = requests;
        double share = 0.35 - 0.25 * cpu;
        for (int i = 0; i < LATENCY_BOUNDS_MS.size(); i++) {
            long n = Math.min(left, Math.round(left * share * (0.8 + 0.4 * random.nextDouble())));
            counts.add(n);
            left -= n;
            share = Math.min(0.9, share + 0.12);
        }
        counts.add(left);
        return LatencyHistogram.newBuilder()
                .setBucketBoundsMs(LATENCY_BOUNDS_MS)
                .setBucketCounts(counts)
                .build();
    }

    private static double clamp(double share) {
        return Math.max(0, Math.min(1, share));
    }
}

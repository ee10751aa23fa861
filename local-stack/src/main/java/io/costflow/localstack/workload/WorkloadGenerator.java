package io.costflow.localstack.workload;

import io.costflow.schemas.BillingLineItem;
import io.costflow.schemas.ChargeCategory;
import io.costflow.schemas.Decimals;
import io.costflow.schemas.LatencyHistogram;
import io.costflow.schemas.TelemetryEvent;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Generates the demo's telemetry scrapes and billing line items in simulated time. It is
 * deterministic: the same services, start, interval, billing feed and seed give the same records
 * for the same time range, however the range is cut into calls, so tests can compute what they
 * expect.
 *
 * <p>Traffic follows a daily cycle (peak at each service's peak hour, a tenth of it twelve hours
 * later); CPU follows traffic; errors and the latency histogram follow the service's baseline
 * except while one of its incidents is under way. Billing arrives as {@link BillingFeed} says:
 * late, and for some lines restated under the same lineItemId.
 */
public final class WorkloadGenerator {

    /** Latency bucket bounds of every generated histogram, in ms. */
    public static final List<Double> LATENCY_BOUNDS_MS =
            List.of(5.0, 10.0, 25.0, 50.0, 100.0, 250.0, 500.0, 1000.0, 2500.0, 5000.0);

    /** Spread of the log-normal latency distribution (log of ms). */
    private static final double LATENCY_SIGMA = 0.5;

    private static final BigDecimal SECONDS_PER_HOUR = BigDecimal.valueOf(3600);

    private final List<DemoService> services;
    private final Instant start;
    private final Duration scrapeInterval;
    private final BillingFeed billing;
    private final long seed;

    /**
     * @param start when the scenario begins: the first scrape ends one interval later and the first
     *     billing period starts here; aligned to the billing period
     * @throws IllegalArgumentException if the scrape interval is not whole seconds or does not
     *     divide the billing period and delays, or {@code start} is not aligned to the period
     */
    public WorkloadGenerator(
            List<DemoService> services,
            Instant start,
            Duration scrapeInterval,
            BillingFeed billing,
            long seed) {
        long step = scrapeInterval.toMillis();
        if (step < 1000 || step % 1000 != 0) {
            throw new IllegalArgumentException(
                    "scrape interval must be whole seconds, was " + scrapeInterval);
        }
        for (Duration d : List.of(billing.period(), billing.delay(), billing.restatementDelay())) {
            if (d.toMillis() % step != 0) {
                throw new IllegalArgumentException(
                        "the scrape interval " + scrapeInterval + " must divide " + d);
            }
        }
        if (start.toEpochMilli() % billing.period().toMillis() != 0) {
            throw new IllegalArgumentException(
                    "start " + start + " is not aligned to the billing period " + billing.period());
        }
        this.services = List.copyOf(services);
        this.start = start;
        this.scrapeInterval = scrapeInterval;
        this.billing = billing;
        this.seed = seed;
    }

    public List<DemoService> services() {
        return services;
    }

    public Instant start() {
        return start;
    }

    /**
     * Emits, in time order, every scrape whose interval ends in {@code (from, to]} (one telemetry
     * event per replica) and every billing line or restatement that arrives in that range.
     */
    public void emit(Instant from, Instant to, WorkloadSink sink) {
        long step = scrapeInterval.toMillis();
        long first = Math.max(from.toEpochMilli(), start.toEpochMilli());
        for (long end = (Math.floorDiv(first, step) + 1) * step;
                end <= to.toEpochMilli();
                end += step) {
            Instant at = Instant.ofEpochMilli(end);
            for (DemoService service : services) {
                for (int replica = 0; replica < service.replicas(); replica++) {
                    sink.telemetry(scrape(service, replica, at));
                }
            }
            emitBillingArriving(at, sink);
        }
    }

    /**
     * The share of its daily peak a service's traffic reaches at {@code t}: 1 at the peak hour, 0.1
     * twelve hours away, a cosine in between.
     */
    public static double trafficShare(DemoService service, Instant t) {
        double hour = t.atZone(ZoneOffset.UTC).toLocalTime().toSecondOfDay() / 3600.0;
        return 0.55 + 0.45 * Math.cos(2 * Math.PI * (hour - service.peakHourUtc()) / 24);
    }

    /** The error ratio a service runs at, at {@code t}: its baseline or its incident's. */
    public double errorRatio(DemoService service, Instant t) {
        return active(service, Incident.Kind.ERRORS, t)
                .map(Incident::severity)
                .orElse(service.baselineErrorRatio());
    }

    /** What one replica costs for one billing period, exact at the contract scale. */
    public BigDecimal costPerLine(DemoService service) {
        BigDecimal hours =
                BigDecimal.valueOf(billing.period().toSeconds())
                        .divide(SECONDS_PER_HOUR, Decimals.SCALE, RoundingMode.HALF_EVEN);
        return Decimals.normalize(service.hourlyPricePerReplica().multiply(hours));
    }

    private java.util.Optional<Incident> active(
            DemoService service, Incident.Kind kind, Instant t) {
        return service.incidents().stream()
                .filter(i -> i.kind() == kind && i.activeAt(start, t))
                .findFirst();
    }

    private TelemetryEvent scrape(DemoService service, int replica, Instant end) {
        String resourceId = resourceId(service, replica);
        SplittableRandom random = random(resourceId, end.toEpochMilli());
        long seconds = scrapeInterval.toSeconds();
        Instant middle = end.minus(scrapeInterval.dividedBy(2));
        double share = trafficShare(service, middle);

        long requests =
                Math.round(
                        service.peakRequestsPerSecond()
                                * share
                                * seconds
                                / service.replicas()
                                * (0.9 + 0.2 * random.nextDouble()));
        long errors =
                Math.min(requests, roundRandomly(requests * errorRatio(service, middle), random));
        double cpu =
                clamp(
                        service.cpuAtPeak()
                                * (0.25 + 0.75 * share)
                                * (0.9 + 0.2 * random.nextDouble()));
        double median =
                service.medianLatencyMs()
                        // A busy CPU queues requests: slower above half load.
                        * (1 + Math.max(0, cpu - 0.5))
                        * active(service, Incident.Kind.LATENCY, middle)
                                .map(Incident::severity)
                                .orElse(1.0)
                        * (0.95 + 0.1 * random.nextDouble());

        return TelemetryEvent.newBuilder()
                .setEventId(resourceId + "/" + end.toEpochMilli())
                .setServiceId(service.serviceId())
                .setResourceId(resourceId)
                .setInstanceType(service.instanceType())
                .setRegion(service.region())
                .setTimestamp(end)
                .setIntervalSeconds((int) seconds)
                .setCpuUtilization(cpu)
                .setMemoryUtilization(clamp(0.3 + 0.4 * cpu))
                .setRequestCount(requests)
                .setErrorCount(errors)
                .setLatency(histogram(requests, median))
                .build();
    }

    private void emitBillingArriving(Instant at, WorkloadSink sink) {
        long period = billing.period().toMillis();
        Instant end = at.minus(billing.delay());
        if (isBillable(end, period)) {
            for (DemoService service : services) {
                for (int replica = 0; replica < service.replicas(); replica++) {
                    sink.billing(line(service, replica, end, costPerLine(service)));
                }
            }
        }
        Instant restatedEnd = at.minus(billing.restatementDelay());
        if (isBillable(restatedEnd, period)) {
            for (DemoService service : services) {
                for (int replica = 0; replica < service.replicas(); replica++) {
                    BillingLineItem original =
                            line(service, replica, restatedEnd, costPerLine(service));
                    if (isRestated(original.getLineItemId())) {
                        sink.restatement(restate(original));
                    }
                }
            }
        }
    }

    private boolean isBillable(Instant periodEnd, long period) {
        return periodEnd.toEpochMilli() % period == 0
                && !periodEnd.minus(billing.period()).isBefore(start);
    }

    /** Whether the line with this id gets a restatement; the same answer on every call. */
    boolean isRestated(String lineItemId) {
        return random(lineItemId, 0x5EEDL).nextDouble() < billing.restatedShare();
    }

    private BillingLineItem restate(BillingLineItem original) {
        BigDecimal corrected =
                Decimals.normalize(original.getBilledCost().multiply(billing.restatedCostFactor()));
        return BillingLineItem.newBuilder(original)
                .setBilledCost(corrected)
                .setEffectiveCost(corrected)
                .build();
    }

    private BillingLineItem line(DemoService service, int replica, Instant end, BigDecimal cost) {
        String resourceId = resourceId(service, replica);
        Instant chargeStart = end.minus(billing.period());
        return BillingLineItem.newBuilder()
                .setLineItemId(resourceId + "/" + chargeStart.toEpochMilli())
                .setBillingAccountId("demo-account")
                .setChargePeriodStart(chargeStart)
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
                                BigDecimal.valueOf(billing.period().toSeconds())
                                        .divide(
                                                SECONDS_PER_HOUR,
                                                Decimals.SCALE,
                                                RoundingMode.HALF_EVEN)))
                .setConsumedUnit("Hours")
                .setRegionId(service.region())
                .setTags(Map.of("service", service.serviceId(), "team", service.owner()))
                .build();
    }

    /** The id of a service's replica, as a cloud would name the instance. */
    public static String resourceId(DemoService service, int replica) {
        return "i-" + service.serviceId() + "-" + replica;
    }

    private SplittableRandom random(String id, long salt) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + id.hashCode() * 1_000_003L + salt);
    }

    /**
     * Log-normal latencies around {@code medianMs}, counted into the buckets with the largest
     * remainder method so the counts sum to exactly {@code requests}.
     */
    static LatencyHistogram histogram(long requests, double medianMs) {
        int buckets = LATENCY_BOUNDS_MS.size() + 1;
        double[] exact = new double[buckets];
        double below = 0;
        for (int i = 0; i < buckets; i++) {
            double upTo =
                    i < LATENCY_BOUNDS_MS.size()
                            ? normalCdf(
                                    Math.log(LATENCY_BOUNDS_MS.get(i) / medianMs) / LATENCY_SIGMA)
                            : 1;
            exact[i] = requests * (upTo - below);
            below = upTo;
        }
        long[] counts = new long[buckets];
        long left = requests;
        for (int i = 0; i < buckets; i++) {
            counts[i] = (long) Math.floor(exact[i]);
            left -= counts[i];
        }
        while (left > 0) {
            int largest = 0;
            for (int i = 1; i < buckets; i++) {
                if (exact[i] - counts[i] > exact[largest] - counts[largest]) {
                    largest = i;
                }
            }
            counts[largest]++;
            left--;
        }
        List<Long> list = new ArrayList<>(buckets);
        for (long c : counts) {
            list.add(c);
        }
        return LatencyHistogram.newBuilder()
                .setBucketBoundsMs(LATENCY_BOUNDS_MS)
                .setBucketCounts(list)
                .build();
    }

    /** The standard normal CDF (Abramowitz and Stegun 7.1.26; error under 1.5e-7). */
    static double normalCdf(double z) {
        double x = Math.abs(z) / Math.sqrt(2);
        double t = 1 / (1 + 0.3275911 * x);
        double erf =
                1
                        - t
                                * (0.254829592
                                        + t
                                                * (-0.284496736
                                                        + t
                                                                * (1.421413741
                                                                        + t
                                                                                * (-1.453152027
                                                                                        + t
                                                                                                * 1.061405429))))
                                * Math.exp(-x * x);
        return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
    }

    private static long roundRandomly(double expected, SplittableRandom random) {
        long whole = (long) Math.floor(expected);
        return whole + (random.nextDouble() < expected - whole ? 1 : 0);
    }

    private static double clamp(double share) {
        return Math.max(0, Math.min(1, share));
    }
}

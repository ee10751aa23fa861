package io.costflow.localstack.workload;

import static org.assertj.core.api.Assertions.assertThat;

import io.costflow.schemas.BillingLineItem;
import io.costflow.schemas.TelemetryEvent;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class WorkloadGeneratorTest {

    private static final Instant START = Instant.parse("2026-11-01T00:00:00Z");
    private static final Duration SCRAPE = Duration.ofMinutes(5);

    private static final Instant ERROR_INCIDENT_BEGINS = START.plus(Duration.ofHours(2));
    private static final Instant ERROR_INCIDENT_ENDS = START.plus(Duration.ofMinutes(210));
    private static final Instant LATENCY_INCIDENT_BEGINS = START.plus(Duration.ofHours(5));
    private static final Instant LATENCY_INCIDENT_ENDS = START.plus(Duration.ofHours(7));

    private final List<DemoService> services = DemoScenario.services(DemoScenario.DEFAULT_SERVICES);
    private final WorkloadGenerator generator =
            new WorkloadGenerator(services, START, SCRAPE, BillingFeed.standard(), 42L);

    @Test
    void shouldProduceTheSameRecordsHoweverTheRangeIsCut() {
        Collected whole = new Collected();
        generator.emit(START, START.plus(Duration.ofHours(27)), whole);

        Collected pieces = new Collected();
        Instant t = START;
        for (long minutes : new long[] {7, 13, 1, 400, 59, 1140}) {
            generator.emit(t, t.plus(Duration.ofMinutes(minutes)), pieces);
            t = t.plus(Duration.ofMinutes(minutes));
        }

        assertThat(whole.restatements).isNotEmpty();
        assertThat(pieces.telemetry).isEqualTo(whole.telemetry);
        assertThat(pieces.billing).isEqualTo(whole.billing);
        assertThat(pieces.restatements).isEqualTo(whole.restatements);
    }

    @Test
    void shouldGiveTheSameRecordsForTheSameSeedAndOthersForAnother() {
        Collected first = new Collected();
        generator.emit(START, START.plus(Duration.ofHours(1)), first);
        Collected again = new Collected();
        new WorkloadGenerator(services, START, SCRAPE, BillingFeed.standard(), 42L)
                .emit(START, START.plus(Duration.ofHours(1)), again);
        Collected otherSeed = new Collected();
        new WorkloadGenerator(services, START, SCRAPE, BillingFeed.standard(), 43L)
                .emit(START, START.plus(Duration.ofHours(1)), otherSeed);

        assertThat(again.telemetry).isEqualTo(first.telemetry);
        assertThat(otherSeed.telemetry).isNotEqualTo(first.telemetry);
    }

    @Test
    void shouldRaiseTheErrorRatioOnlyWhileTheErrorIncidentLasts() {
        Collected c = new Collected();
        generator.emit(START, START.plus(Duration.ofHours(24)), c);

        Map<Instant, long[]> perScrape = requestsAndErrors(c, DemoScenario.ERROR_INCIDENT);
        perScrape.forEach(
                (end, counts) -> {
                    double ratio = (double) counts[1] / counts[0];
                    if (end.isAfter(ERROR_INCIDENT_BEGINS) && !end.isAfter(ERROR_INCIDENT_ENDS)) {
                        assertThat(ratio)
                                .as("inside the incident, scrape ending %s", end)
                                .isGreaterThan(0.03);
                    } else {
                        assertThat(ratio)
                                .as("outside the incident, scrape ending %s", end)
                                .isLessThan(0.002);
                    }
                });
        assertThat(perScrape).hasSize(24 * 12);
        // The other services never see it.
        requestsAndErrors(c, "checkout")
                .values()
                .forEach(counts -> assertThat((double) counts[1] / counts[0]).isLessThan(0.002));
    }

    @Test
    void shouldShiftLatencyAboveTheThresholdOnlyDuringTheLatencyIncident() {
        Collected c = new Collected();
        generator.emit(START, START.plus(Duration.ofHours(24)), c);
        DemoService search = service(DemoScenario.LATENCY_INCIDENT);

        Map<Instant, long[]> overAndTotal = new HashMap<>();
        for (TelemetryEvent e : of(c, DemoScenario.LATENCY_INCIDENT)) {
            long[] sums = overAndTotal.computeIfAbsent(e.getTimestamp(), k -> new long[2]);
            List<Double> bounds = e.getLatency().getBucketBoundsMs();
            List<Long> counts = e.getLatency().getBucketCounts();
            for (int i = 0; i < counts.size(); i++) {
                // Bucket i holds requests slower than bound i-1: over the threshold when that
                // lower bound is at or above it.
                if (i > 0 && bounds.get(i - 1) >= search.latencyThresholdMs()) {
                    sums[0] += counts.get(i);
                }
            }
            sums[1] += e.getRequestCount();
        }
        overAndTotal.forEach(
                (end, sums) -> {
                    double over = (double) sums[0] / sums[1];
                    if (end.isAfter(LATENCY_INCIDENT_BEGINS)
                            && !end.isAfter(LATENCY_INCIDENT_ENDS)) {
                        assertThat(over)
                                .as("inside the incident, scrape ending %s", end)
                                .isGreaterThan(0.15);
                    } else {
                        assertThat(over)
                                .as("outside the incident, scrape ending %s", end)
                                .isLessThan(0.005);
                    }
                });
    }

    @Test
    void shouldKeepTheIdleServiceWithoutRequestsUnderThreePercentCpu() {
        Collected c = new Collected();
        generator.emit(START, START.plus(Duration.ofHours(24)), c);

        List<TelemetryEvent> idle = of(c, DemoScenario.IDLE);
        assertThat(idle).hasSize(24 * 12 * service(DemoScenario.IDLE).replicas());
        assertThat(idle).allSatisfy(e -> assertThat(e.getRequestCount()).isZero());
        assertThat(idle).allSatisfy(e -> assertThat(e.getCpuUtilization()).isBetween(0.001, 0.03));
    }

    @Test
    void shouldShowADailyCycleInEveryBusyServicesTraffic() {
        Collected c = new Collected();
        generator.emit(START, START.plus(Duration.ofHours(24)), c);

        for (DemoService s : services) {
            if (s.peakRequestsPerSecond() == 0) {
                continue;
            }
            long atPeak = requestsInHour(c, s.serviceId(), s.peakHourUtc());
            long atTrough = requestsInHour(c, s.serviceId(), (s.peakHourUtc() + 12) % 24);
            assertThat(atPeak).as(s.serviceId()).isGreaterThan(5 * atTrough);
            assertThat(atTrough).as(s.serviceId()).isPositive();
        }
    }

    @Test
    void shouldBillEachReplicaHourTwoHoursLateAtItsCatalogPrice() {
        Arrivals arrivals = emitStepwise(START, START.plus(Duration.ofHours(5)));

        // The hour [START, START+1h) ends at START+1h and is published two hours later.
        Instant firstArrival = START.plus(Duration.ofHours(3));
        assertThat(arrivals.billingAt.keySet())
                .allSatisfy(t -> assertThat(t).isAfterOrEqualTo(firstArrival));
        List<BillingLineItem> firstHour = arrivals.billingAt.get(firstArrival);
        assertThat(firstHour)
                .hasSize(services.stream().mapToInt(DemoService::replicas).sum())
                .allSatisfy(l -> assertThat(l.getChargePeriodStart()).isEqualTo(START));
        for (DemoService s : services) {
            BigDecimal billed =
                    firstHour.stream()
                            .filter(l -> l.getTags().get("service").equals(s.serviceId()))
                            .map(BillingLineItem::getBilledCost)
                            .reduce(BigDecimal.ZERO, BigDecimal::add);
            assertThat(billed).as(s.serviceId()).isEqualByComparingTo(s.hourlyCost());
        }
    }

    @Test
    void shouldRestateSomeLinesADayLaterUnderTheSameLineItemIdWithACorrectedCost() {
        Arrivals arrivals = emitStepwise(START, START.plus(Duration.ofHours(30)));

        Map<String, BillingLineItem> firstVersions = new HashMap<>();
        Map<String, Instant> firstArrival = new HashMap<>();
        arrivals.billingAt.forEach(
                (at, lines) ->
                        lines.forEach(
                                l -> {
                                    firstVersions.put(l.getLineItemId(), l);
                                    firstArrival.put(l.getLineItemId(), at);
                                }));
        List<BillingLineItem> restated = new ArrayList<>();
        arrivals.restatementsAt.forEach(
                (at, lines) -> {
                    for (BillingLineItem l : lines) {
                        restated.add(l);
                        BillingLineItem original = firstVersions.get(l.getLineItemId());
                        assertThat(original).as("restates a line sent before").isNotNull();
                        assertThat(at).isEqualTo(l.getChargePeriodEnd().plus(Duration.ofDays(1)));
                        assertThat(firstArrival.get(l.getLineItemId())).isBefore(at);
                        assertThat(l.getBilledCost())
                                .isEqualByComparingTo(
                                        original.getBilledCost().multiply(new BigDecimal("0.92")));
                        assertThat(l.getChargePeriodStart())
                                .isEqualTo(original.getChargePeriodStart());
                    }
                });
        // Hours [START, START+6h) are restated by START+30h: about one line in ten.
        long linesOfThoseHours =
                firstVersions.values().stream()
                        .filter(
                                l ->
                                        l.getChargePeriodEnd()
                                                .isBefore(START.plus(Duration.ofHours(7))))
                        .count();
        assertThat(restated).isNotEmpty();
        assertThat((double) restated.size() / linesOfThoseHours).isBetween(0.04, 0.2);
    }

    @Test
    void shouldKeepErrorsWithinRequestsAndHistogramsConsistent() {
        Collected c = new Collected();
        generator.emit(START, START.plus(Duration.ofHours(6)), c);

        for (TelemetryEvent e : c.telemetry) {
            assertThat(e.getErrorCount()).isBetween(0L, e.getRequestCount());
            long histogramTotal =
                    e.getLatency().getBucketCounts().stream().mapToLong(Long::longValue).sum();
            assertThat(histogramTotal).isEqualTo(e.getRequestCount());
        }
    }

    private DemoService service(String id) {
        return services.stream().filter(s -> s.serviceId().equals(id)).findFirst().orElseThrow();
    }

    private static List<TelemetryEvent> of(Collected c, String serviceId) {
        Predicate<TelemetryEvent> ofService = e -> e.getServiceId().equals(serviceId);
        return c.telemetry.stream().filter(ofService).toList();
    }

    private static Map<Instant, long[]> requestsAndErrors(Collected c, String serviceId) {
        Map<Instant, long[]> perScrape = new HashMap<>();
        for (TelemetryEvent e : of(c, serviceId)) {
            long[] counts = perScrape.computeIfAbsent(e.getTimestamp(), k -> new long[2]);
            counts[0] += e.getRequestCount();
            counts[1] += e.getErrorCount();
        }
        return perScrape;
    }

    private static long requestsInHour(Collected c, String serviceId, int hourUtc) {
        return of(c, serviceId).stream()
                .filter(
                        e ->
                                e.getTimestamp().minus(SCRAPE).atZone(ZoneOffset.UTC).getHour()
                                        == hourUtc)
                .mapToLong(TelemetryEvent::getRequestCount)
                .sum();
    }

    /** Emits scrape interval by scrape interval, noting when each billing record arrived. */
    private Arrivals emitStepwise(Instant from, Instant to) {
        Arrivals arrivals = new Arrivals();
        for (Instant t = from; t.isBefore(to); t = t.plus(SCRAPE)) {
            Instant end = t.plus(SCRAPE);
            Collected step = new Collected();
            generator.emit(t, end, step);
            if (!step.billing.isEmpty()) {
                arrivals.billingAt.put(end, step.billing);
            }
            if (!step.restatements.isEmpty()) {
                arrivals.restatementsAt.put(end, step.restatements);
            }
        }
        return arrivals;
    }

    private static final class Arrivals {
        final Map<Instant, List<BillingLineItem>> billingAt = new HashMap<>();
        final Map<Instant, List<BillingLineItem>> restatementsAt = new HashMap<>();
    }

    private static final class Collected implements WorkloadSink {
        final List<TelemetryEvent> telemetry = new ArrayList<>();
        final List<BillingLineItem> billing = new ArrayList<>();
        final List<BillingLineItem> restatements = new ArrayList<>();

        @Override
        public void telemetry(TelemetryEvent event) {
            telemetry.add(event);
        }

        @Override
        public void billing(BillingLineItem line) {
            billing.add(line);
        }

        @Override
        public void restatement(BillingLineItem line) {
            restatements.add(line);
        }
    }
}

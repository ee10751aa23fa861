package io.costflow.localstack.workload;

import static org.assertj.core.api.Assertions.assertThat;

import io.costflow.schemas.BillingLineItem;
import io.costflow.schemas.TelemetryEvent;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkloadGeneratorTest {

    private static final Instant BEGINNING = Instant.parse("2026-11-01T00:00:00Z");

    private final WorkloadGenerator generator =
            new WorkloadGenerator(WorkloadGenerator.defaultServices(3), Duration.ofSeconds(10), 1L);

    @Test
    void shouldProduceTheSameRecordsHoweverTheRangeIsCut() {
        Collected whole = new Collected();
        generator.emit(BEGINNING, BEGINNING.plusSeconds(120), whole);

        Collected pieces = new Collected();
        Instant t = BEGINNING;
        for (long step : new long[] {7, 13, 1, 40, 59}) {
            generator.emit(t, t.plusSeconds(step), pieces);
            t = t.plusSeconds(step);
        }

        assertThat(pieces.telemetry).isEqualTo(whole.telemetry);
        assertThat(pieces.billing).isEqualTo(whole.billing);
    }

    @Test
    void shouldBillEveryReplicaForEveryIntervalAtItsHourlyPrice() {
        Collected c = new Collected();
        // (0, 3600]: 360 intervals of 10 s.
        generator.emit(BEGINNING, BEGINNING.plusSeconds(3600), c);

        DemoService checkout = WorkloadGenerator.defaultServices(3).get(0);
        BigDecimal billed =
                c.billing.stream()
                        .filter(l -> l.getTags().get("service").equals("checkout"))
                        .map(BillingLineItem::getBilledCost)
                        .reduce(BigDecimal.ZERO, BigDecimal::add);

        assertThat(c.telemetry).hasSize(c.billing.size());
        // One hour of every replica costs the hourly price times the replicas, to within the
        // rounding of each 10 s line at 12 decimal places.
        BigDecimal hour =
                checkout.hourlyPricePerReplica().multiply(BigDecimal.valueOf(checkout.replicas()));
        assertThat(billed.subtract(hour).abs()).isLessThan(new BigDecimal("0.000000001"));
    }

    @Test
    void shouldKeepErrorsWithinRequestsAndHistogramsConsistent() {
        Collected c = new Collected();
        generator.emit(BEGINNING, BEGINNING.plusSeconds(600), c);

        for (TelemetryEvent e : c.telemetry) {
            assertThat(e.getErrorCount()).isBetween(0L, e.getRequestCount());
            long histogramTotal =
                    e.getLatency().getBucketCounts().stream().mapToLong(Long::longValue).sum();
            assertThat(histogramTotal).isEqualTo(e.getRequestCount());
        }
    }

    private static final class Collected implements WorkloadSink {
        final List<TelemetryEvent> telemetry = new ArrayList<>();
        final List<BillingLineItem> billing = new ArrayList<>();

        @Override
        public void telemetry(TelemetryEvent event) {
            telemetry.add(event);
        }

        @Override
        public void billing(BillingLineItem line) {
            billing.add(line);
        }
    }
}

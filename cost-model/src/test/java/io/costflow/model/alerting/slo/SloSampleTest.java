package io.costflow.model.alerting.slo;

import static org.assertj.core.api.Assertions.assertThat;

import io.costflow.schemas.CostStatus;
import io.costflow.schemas.Decimals;
import io.costflow.schemas.LatencyHistogram;
import io.costflow.schemas.ServiceCostWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SloSampleTest {

    private static final Instant BEGINNING = Instant.parse("2026-11-01T00:00:00Z");

    @Test
    void shouldCountOnlyBucketsEndingAtOrUnderTheThresholdWhenMeasuringLatency() {
        ServiceCostWindow w =
                window(
                        LatencyHistogram.newBuilder()
                                .setBucketBoundsMs(List.of(100.0, 250.0, 500.0))
                                .setBucketCounts(List.of(70L, 20L, 8L, 2L))
                                .build());

        SloSample atBound = SloSample.latency(w, 250);
        SloSample betweenBounds = SloSample.latency(w, 300);

        assertThat(atBound.good()).isEqualTo(90);
        assertThat(atBound.total()).isEqualTo(100);
        assertThat(betweenBounds.good()).isEqualTo(90);
    }

    @Test
    void shouldCountRequestsWithoutErrorWhenMeasuringAvailability() {
        SloSample s = SloSample.availability(window(null));

        assertThat(s.good()).isEqualTo(990);
        assertThat(s.total()).isEqualTo(1000);
        assertThat(s.revision()).isEqualTo(3);
    }

    @Test
    void shouldBeEmptyWhenTheWindowHasNoHistogram() {
        SloSample s = SloSample.latency(window(null), 250);

        assertThat(s.total()).isZero();
    }

    private static ServiceCostWindow window(LatencyHistogram latency) {
        return ServiceCostWindow.newBuilder()
                .setServiceId("checkout")
                .setWindowStart(BEGINNING)
                .setWindowEnd(BEGINNING.plus(Duration.ofHours(1)))
                .setStatus(CostStatus.PROVISIONAL)
                .setRevision(3)
                .setCurrency("USD")
                .setBilledCost(Decimals.ZERO)
                .setEffectiveCost(Decimals.ZERO)
                .setProvisionalCost(Decimals.ZERO)
                .setRequestCount(1000)
                .setErrorCount(10)
                .setLatency(latency)
                .setResourceCount(1)
                .setIdleCost(Decimals.ZERO)
                .setUpdatedAt(BEGINNING)
                .build();
    }
}

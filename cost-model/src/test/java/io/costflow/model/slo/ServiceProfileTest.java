package io.costflow.model.slo;

import static io.costflow.model.slo.ServiceFixtures.M6I_2XLARGE;
import static io.costflow.model.slo.ServiceFixtures.ONE_DAY;
import static io.costflow.model.slo.ServiceFixtures.config;
import static io.costflow.model.slo.ServiceFixtures.hourlyWindow;
import static io.costflow.model.slo.ServiceFixtures.latency;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.costflow.schemas.ServiceCostWindow;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceProfileTest {

    @Test
    void shouldSummariseLookbackWhenBuiltFromCostWindows() {
        List<ServiceCostWindow> windows = new ArrayList<>();
        for (int hour = 0; hour < 12; hour++) {
            windows.add(
                    hourlyWindow(
                            "checkout",
                            hour,
                            360_000,
                            hour == 5 ? 0.60 : 0.20,
                            latency(900, 90, 10, 0, 0, 0),
                            "1.536",
                            "1.152"));
        }
        // A later revision of hour 3 replaces the first one.
        windows.add(
                ServiceCostWindow.newBuilder(
                                hourlyWindow(
                                        "checkout",
                                        3,
                                        720_000,
                                        0.20,
                                        latency(0, 0, 0, 1000, 0, 0),
                                        "1.536",
                                        "1.152"))
                        .setRevision(2)
                        .build());

        ServiceProfile profile =
                ServiceProfile.from(
                        config("checkout", M6I_2XLARGE, 4), M6I_2XLARGE, windows, ONE_DAY);

        assertThat(profile.windowsPresent()).isEqualTo(12);
        assertThat(profile.windowsExpected()).isEqualTo(24);
        assertThat(profile.coverage()).isEqualTo(0.5);
        assertThat(profile.arrivalRatePerSecond())
                .isCloseTo((11 * 360_000 + 720_000) / (12 * 3600.0), within(1e-9));
        // 11 windows at 0.20, one at 0.60: the p95 across 12 windows is the 12th value.
        assertThat(profile.cpu().p95()).isEqualTo(0.60);
        assertThat(profile.cpu().p50()).isEqualTo(0.10);
        assertThat(profile.memory()).isPresent();
        // 11 000 requests, 1 000 of them (9 %) in the 250 ms bucket: the p99 is that bucket's
        // bound.
        assertThat(profile.observedP99LatencyMs()).hasValue(250.0);
        assertThat(profile.effectiveToListRatio()).isEqualByComparingTo(new BigDecimal("0.75"));
        assertThat(profile.replicas()).isEqualTo(4);
        assertThat(profile.latencyThresholdMs()).isEqualTo(300);
    }

    @Test
    void shouldIgnoreWindowsOlderThanLookbackWhenWindowsReachFurtherBack() {
        List<ServiceCostWindow> windows = new ArrayList<>();
        for (int hour = 0; hour < 48; hour++) {
            windows.add(hourlyWindow("checkout", hour, 3600, 0.2, null, "1", "1"));
        }

        ServiceProfile profile =
                ServiceProfile.from(
                        config("checkout", M6I_2XLARGE, 4), M6I_2XLARGE, windows, ONE_DAY);

        assertThat(profile.windowsPresent()).isEqualTo(24);
        assertThat(profile.coverage()).isEqualTo(1.0);
        assertThat(profile.requestRateVariation()).isZero();
        assertThat(profile.observedP99LatencyMs()).isEmpty();
    }

    @Test
    void shouldKeepOnlyWindowsMeasuredOnTheDeploymentSinceItChanged() {
        List<ServiceCostWindow> windows = new ArrayList<>();
        for (int hour = 0; hour < 6; hour++) {
            windows.add(hourlyWindow("checkout", hour, 3600, 0.2, null, "1", "1"));
        }
        Instant changed = windows.get(3).getWindowStart().plusSeconds(1);

        assertThat(ServiceProfile.measuredSince(windows, changed))
                .extracting(ServiceCostWindow::getWindowStart)
                .containsExactly(windows.get(4).getWindowStart(), windows.get(5).getWindowStart());
        assertThat(ServiceProfile.measuredSince(windows, windows.get(4).getWindowStart()))
                .hasSize(2);
        assertThat(ServiceProfile.measuredSince(windows, null)).hasSize(6);
    }
}

package io.costflow.pipeline.alert;

import static io.costflow.pipeline.alert.AlertFixtures.HOUR;
import static io.costflow.pipeline.alert.AlertFixtures.NOVEMBER;
import static io.costflow.pipeline.alert.AlertFixtures.billed;
import static io.costflow.pipeline.alert.AlertFixtures.config;
import static io.costflow.pipeline.alert.AlertFixtures.defaults;
import static io.costflow.pipeline.alert.AlertFixtures.hoursLater;
import static io.costflow.pipeline.alert.AlertFixtures.window;
import static io.costflow.schemas.AlertState.FIRING;
import static io.costflow.schemas.AlertState.RESOLVED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.costflow.model.alerting.budget.LateBilling;
import io.costflow.pipeline.config.ServiceConfigs;
import io.costflow.schemas.AlertSeverity;
import io.costflow.schemas.AlertState;
import io.costflow.schemas.BudgetAlert;
import io.costflow.schemas.BudgetAlertKind;
import io.costflow.schemas.Decimals;
import io.costflow.schemas.ServiceConfig;
import io.costflow.schemas.ServiceCostWindow;
import io.costflow.schemas.SlaAlert;
import io.costflow.schemas.SloKind;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.State;
import org.apache.flink.api.common.state.StateDescriptor;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.types.Either;
import org.junit.jupiter.api.Test;

/**
 * Every rule through the Flink function, just below and just at its boundary, plus revisions, month
 * rollover and state eviction. Hourly windows of 10,000 requests; 99.9 % availability and 99 %
 * latency SLOs, so a burn of 1× is 10 errors (or 100 slow requests) in a window.
 */
class ServiceAlertFunctionTest {

    private static final String CHECKOUT = "checkout";

    @Test
    void shouldNotAlertWhenTheErrorBurnIsJustBelowOneTimesTheBudget() throws Exception {
        try (var harness = harness(defaults(), config(CHECKOUT, "shop", null))) {
            AlertFixtures.process(harness, window(CHECKOUT, NOVEMBER, 10_000, 9, "1"));

            assertThat(sla(harness)).isEmpty();
        }
    }

    @Test
    void shouldFireATicketWhenTheErrorBurnReachesOneTimesTheBudget() throws Exception {
        try (var harness = harness(defaults(), config(CHECKOUT, "shop", null))) {
            AlertFixtures.process(harness, window(CHECKOUT, NOVEMBER, 10_000, 10, "1"));

            assertThat(sla(harness))
                    .singleElement()
                    .satisfies(
                            a -> {
                                assertThat(a.getSloKind()).isEqualTo(SloKind.AVAILABILITY);
                                assertThat(a.getState()).isEqualTo(AlertState.FIRING);
                                assertThat(a.getSeverity()).isEqualTo(AlertSeverity.TICKET);
                                assertThat(a.getLongWindowSeconds()).isEqualTo(3 * 24 * 3600);
                                assertThat(a.getEventTime()).isEqualTo(hoursLater(1));
                                assertThat(a.getAlertId())
                                        .isEqualTo(
                                                "sla/checkout/AVAILABILITY/TICKET/"
                                                        + hoursLater(1)
                                                        + "/FIRING");
                            });
        }
    }

    @Test
    void shouldPageOnlyWhenTheErrorBurnReachesSixTimes() throws Exception {
        try (var below = harness(defaults(), config(CHECKOUT, "shop", null));
                var at = harness(defaults(), config(CHECKOUT, "shop", null))) {
            AlertFixtures.process(below, window(CHECKOUT, NOVEMBER, 10_000, 59, "1"));
            AlertFixtures.process(at, window(CHECKOUT, NOVEMBER, 10_000, 60, "1"));

            assertThat(sla(below))
                    .extracting(SlaAlert::getSeverity)
                    .containsExactly(AlertSeverity.TICKET);
            assertThat(sla(at))
                    .singleElement()
                    .satisfies(
                            a -> {
                                assertThat(a.getSeverity()).isEqualTo(AlertSeverity.PAGE);
                                assertThat(a.getLongWindowSeconds()).isEqualTo(6 * 3600);
                                assertThat(a.getLongWindowBurnRate()).isCloseTo(6.0, within());
                            });
        }
    }

    @Test
    void shouldResolveOnceWhenTheBadWindowLeavesEveryShortWindow() throws Exception {
        try (var harness = harness(defaults(), config(CHECKOUT, "shop", null))) {
            AlertFixtures.process(harness, window(CHECKOUT, NOVEMBER, 10_000, 60, "1"));
            for (int hour = 1; hour <= 7; hour++) {
                AlertFixtures.process(harness, window(CHECKOUT, hoursLater(hour), 10_000, 0, "1"));
            }

            assertThat(sla(harness))
                    .extracting(SlaAlert::getState, SlaAlert::getSeverity, SlaAlert::getEventTime)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(
                                    AlertState.FIRING, AlertSeverity.PAGE, hoursLater(1)),
                            // Six clean hours later the 6 h short window no longer sees it.
                            org.assertj.core.groups.Tuple.tuple(
                                    AlertState.RESOLVED, AlertSeverity.PAGE, hoursLater(7)));
        }
    }

    @Test
    void shouldResolveAPageWhenTheServiceFallsSilentAsAfterCleanWindows() throws Exception {
        try (var harness = harness(defaults(), config(CHECKOUT, "shop", null))) {
            AlertFixtures.process(harness, window(CHECKOUT, NOVEMBER, 10_000, 60, "1"));

            harness.watermark(hoursLater(7).toEpochMilli() - 1);
            assertThat(sla(harness)).extracting(SlaAlert::getState).containsExactly(FIRING);
            harness.watermark(hoursLater(7).toEpochMilli());

            // The same transition, at the same instant, as six clean hours give.
            assertThat(sla(harness))
                    .extracting(SlaAlert::getState, SlaAlert::getSeverity, SlaAlert::getEventTime)
                    .containsExactly(
                            tuple(FIRING, AlertSeverity.PAGE, hoursLater(1)),
                            tuple(RESOLVED, AlertSeverity.PAGE, hoursLater(7)));
            // Named by the episode it ends, like every RESOLVED.
            assertThat(sla(harness).get(1).getAlertId())
                    .isEqualTo("sla/checkout/AVAILABILITY/PAGE/" + hoursLater(1) + "/RESOLVED");
        }
    }

    @Test
    void shouldResolveALatencyTicketWhenTheServiceFallsSilent() throws Exception {
        try (var harness = harness(defaults(), config(CHECKOUT, "shop", null))) {
            AlertFixtures.process(harness, window(CHECKOUT, NOVEMBER, HOUR, 10_000, 0, 100, "1"));

            harness.watermark(hoursLater(7).toEpochMilli());

            assertThat(sla(harness))
                    .extracting(SlaAlert::getSloKind, SlaAlert::getState, SlaAlert::getSeverity)
                    .containsExactly(
                            tuple(SloKind.LATENCY, FIRING, AlertSeverity.TICKET),
                            tuple(SloKind.LATENCY, RESOLVED, AlertSeverity.TICKET));
            assertThat(harness.numEventTimeTimers()).as("only the clean-up is left").isOne();
        }
    }

    @Test
    void shouldMoveTheSilenceCheckWhenAnotherWindowArrives() throws Exception {
        try (var harness = harness(defaults(), config(CHECKOUT, "shop", null))) {
            AlertFixtures.process(harness, window(CHECKOUT, NOVEMBER, 10_000, 60, "1"));
            AlertFixtures.process(harness, window(CHECKOUT, hoursLater(3), 10_000, 60, "1"));

            harness.watermark(hoursLater(10).toEpochMilli() - 1);
            assertThat(sla(harness)).extracting(SlaAlert::getState).containsExactly(FIRING);
            harness.watermark(hoursLater(10).toEpochMilli());

            assertThat(sla(harness))
                    .extracting(SlaAlert::getState, SlaAlert::getEventTime)
                    .containsExactly(tuple(FIRING, hoursLater(1)), tuple(RESOLVED, hoursLater(10)));
        }
    }

    @Test
    void shouldResolveAtTheSameInstantWhenTheNextWindowComesBeforeTheWatermark() throws Exception {
        try (var harness = harness(defaults(), config(CHECKOUT, "shop", null))) {
            AlertFixtures.process(harness, window(CHECKOUT, NOVEMBER, 10_000, 60, "1"));
            // Nine silent hours, but the watermark has not moved (a replay, or billing's clock).
            AlertFixtures.process(harness, window(CHECKOUT, hoursLater(9), 10_000, 0, "1"));

            assertThat(sla(harness))
                    .extracting(SlaAlert::getState, SlaAlert::getEventTime, SlaAlert::getAlertId)
                    .containsExactly(
                            tuple(
                                    FIRING,
                                    hoursLater(1),
                                    "sla/checkout/AVAILABILITY/PAGE/" + hoursLater(1) + "/FIRING"),
                            tuple(
                                    RESOLVED,
                                    hoursLater(7),
                                    "sla/checkout/AVAILABILITY/PAGE/"
                                            + hoursLater(1)
                                            + "/RESOLVED"));
        }
    }

    @Test
    void shouldEndASustainedSpendBurnWhenTheServiceFallsSilent() throws Exception {
        // 720 over the 720 hours of November is 1 per hour: seven hours at 14.4x, then nothing.
        try (var harness = harness(defaults(), config(CHECKOUT, "shop", "720"))) {
            for (int hour = 0; hour < 7; hour++) {
                AlertFixtures.process(
                        harness, window(CHECKOUT, hoursLater(hour), 10_000, 0, "14.40"));
            }
            harness.watermark(hoursLater(13).toEpochMilli());
            AlertFixtures.process(harness, window(CHECKOUT, hoursLater(20), 10_000, 0, "14.40"));

            // The burn after the silence is a new episode, so it pages again.
            assertThat(ofKind(harness, BudgetAlertKind.SPEND_BURN_RATE))
                    .extracting(BudgetAlert::getAlertId)
                    .containsExactly(
                            "budget/SERVICE/checkout/2026-11/SPEND_BURN_RATE/1440/PAGE/"
                                    + Instant.parse("2026-11-01T00:59:59.999Z"),
                            "budget/SERVICE/checkout/2026-11/SPEND_BURN_RATE/1440/PAGE/"
                                    + Instant.parse("2026-11-01T20:59:59.999Z"));
        }
    }

    @Test
    void shouldResolveNothingWhenABoundedInputEnds() throws Exception {
        try (var harness = harness(defaults(), config(CHECKOUT, "shop", null))) {
            AlertFixtures.process(harness, window(CHECKOUT, NOVEMBER, 10_000, 60, "1"));

            harness.watermark(Long.MAX_VALUE);

            assertThat(sla(harness)).extracting(SlaAlert::getState).containsExactly(FIRING);
        }
    }

    @Test
    void shouldEvaluateWindowsThatArriveTogetherInWindowOrder() throws Exception {
        try (var harness = harness(defaults(), config(CHECKOUT, "shop", null))) {
            // The incident window arrives after its successor, within one evaluation delay.
            harness.processElement(Either.Left(window(CHECKOUT, hoursLater(1), 10_000, 0, "1")), 1);
            harness.processElement(Either.Left(window(CHECKOUT, NOVEMBER, 10_000, 60, "1")), 1);
            harness.setProcessingTime(AlertFixtures.EVALUATION_DELAY.toMillis());

            assertThat(sla(harness))
                    .extracting(SlaAlert::getAlertId)
                    .containsExactly("sla/checkout/AVAILABILITY/PAGE/" + hoursLater(1) + "/FIRING");
            assertThat(harness.numProcessingTimeTimers()).isZero();
        }
    }

    @Test
    void shouldFireALatencyTicketOnlyWhenOnePercentOfRequestsIsSlow() throws Exception {
        try (var below = harness(defaults(), config(CHECKOUT, "shop", null));
                var at = harness(defaults(), config(CHECKOUT, "shop", null))) {
            AlertFixtures.process(below, window(CHECKOUT, NOVEMBER, HOUR, 10_000, 0, 99, "1"));
            AlertFixtures.process(at, window(CHECKOUT, NOVEMBER, HOUR, 10_000, 0, 100, "1"));

            assertThat(sla(below)).isEmpty();
            assertThat(sla(at))
                    .extracting(SlaAlert::getSloKind, SlaAlert::getSeverity)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(
                                    SloKind.LATENCY, AlertSeverity.TICKET));
        }
    }

    @Test
    void shouldFireFiftyPercentOnceWhenSpendReachesHalfTheBudget() throws Exception {
        try (var harness = harness(defaults(), config(CHECKOUT, "shop", "1000"))) {
            AlertFixtures.process(harness, window(CHECKOUT, NOVEMBER, 10_000, 0, "499.99"));
            assertThat(ofKind(harness, BudgetAlertKind.ACTUAL)).isEmpty();

            AlertFixtures.process(harness, window(CHECKOUT, hoursLater(1), 10_000, 0, "0.01"));
            AlertFixtures.process(harness, window(CHECKOUT, hoursLater(2), 10_000, 0, "0.01"));

            assertThat(ofKind(harness, BudgetAlertKind.ACTUAL))
                    .singleElement()
                    .satisfies(
                            a -> {
                                assertThat(a.getAlertId())
                                        .isEqualTo("budget/SERVICE/checkout/2026-11/ACTUAL/50");
                                assertThat(a.getSpendToDate()).isEqualByComparingTo("500");
                                assertThat(a.getProvisionalSpend()).isEqualByComparingTo("500");
                            });
        }
    }

    @Test
    void shouldCountABilledRevisionInsteadOfItsProvisionalEstimate() throws Exception {
        try (var harness = harness(defaults(), config(CHECKOUT, "shop", "1000"))) {
            ServiceCostWindow first = window(CHECKOUT, NOVEMBER, 10_000, 0, "400");
            AlertFixtures.process(harness, first);
            AlertFixtures.process(harness, billed(first, 2, "450"));
            assertThat(ofKind(harness, BudgetAlertKind.ACTUAL))
                    .as("450 replaces 400 rather than adding to it")
                    .isEmpty();

            AlertFixtures.process(harness, window(CHECKOUT, hoursLater(1), 10_000, 0, "50"));

            assertThat(ofKind(harness, BudgetAlertKind.ACTUAL))
                    .singleElement()
                    .satisfies(
                            a -> {
                                assertThat(a.getSpendToDate()).isEqualByComparingTo("500");
                                assertThat(a.getProvisionalSpend())
                                        .as("only the unbilled window is provisional")
                                        .isEqualByComparingTo("50");
                            });
        }
    }

    @Test
    void shouldIgnoreAnOlderRevisionArrivingAfterANewerOne() throws Exception {
        try (var harness = harness(defaults(), config(CHECKOUT, "shop", "1000"))) {
            ServiceCostWindow first = window(CHECKOUT, NOVEMBER, 10_000, 0, "100");
            AlertFixtures.process(harness, billed(first, 3, "520"));
            AlertFixtures.process(harness, first);

            assertThat(ofKind(harness, BudgetAlertKind.ACTUAL))
                    .singleElement()
                    .satisfies(a -> assertThat(a.getSpendToDate()).isEqualByComparingTo("520"));
        }
    }

    @Test
    void shouldStartANewPeriodAtMidnightInTheBudgetsTimeZone() throws Exception {
        ServiceConfig berlin = config(CHECKOUT, "shop", "1000", "Europe/Berlin");
        try (var harness = harness(defaults(), berlin)) {
            // 22:00–23:00 UTC on 30 November is still November in Berlin, 23:00 is December.
            AlertFixtures.process(
                    harness,
                    window(CHECKOUT, Instant.parse("2026-11-30T22:00:00Z"), 10_000, 0, "600"));
            AlertFixtures.process(
                    harness,
                    window(CHECKOUT, Instant.parse("2026-11-30T23:00:00Z"), 10_000, 0, "600"));

            assertThat(ofKind(harness, BudgetAlertKind.ACTUAL))
                    .extracting(
                            BudgetAlert::getAlertId,
                            a -> a.getSpendToDate().stripTrailingZeros().toPlainString())
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(
                                    "budget/SERVICE/checkout/2026-11/ACTUAL/50", "600"),
                            org.assertj.core.groups.Tuple.tuple(
                                    "budget/SERVICE/checkout/2026-12/ACTUAL/50", "600"));
        }
    }

    @Test
    void shouldAlertNovembersBudgetWhenItsLastWindowIsBilledHigherInDecember() throws Exception {
        try (var harness = harness(defaults(), config(CHECKOUT, "shop", "1000"))) {
            Instant lastHour = Instant.parse("2026-11-30T23:00:00Z");
            AlertFixtures.process(harness, window(CHECKOUT, NOVEMBER, 10_000, 0, "600"));
            ServiceCostWindow last = window(CHECKOUT, lastHour, 10_000, 0, "390");
            AlertFixtures.process(harness, last);
            AlertFixtures.process(harness, window(CHECKOUT, lastHour.plus(HOUR), 10_000, 0, "1"));
            assertThat(ofKind(harness, BudgetAlertKind.ACTUAL))
                    .extracting(BudgetAlert::getAlertId)
                    .doesNotContain("budget/SERVICE/checkout/2026-11/ACTUAL/100");

            // Billing for November's last hour arrives in December, higher than the estimate.
            AlertFixtures.process(harness, billed(last, 2, "410"));

            assertThat(ofKind(harness, BudgetAlertKind.ACTUAL))
                    .filteredOn(a -> a.getAlertId().endsWith("/ACTUAL/100"))
                    .singleElement()
                    .satisfies(
                            a -> {
                                assertThat(a.getAlertId())
                                        .isEqualTo("budget/SERVICE/checkout/2026-11/ACTUAL/100");
                                assertThat(a.getSpendToDate()).isEqualByComparingTo("1010");
                            });
        }
    }

    @Test
    void shouldAlertNovembersBudgetWhenBillingForItComesAfterTheAllowedLateness() throws Exception {
        try (var harness = harness(defaults(), config(CHECKOUT, "shop", "1000"))) {
            Instant lastHour = Instant.parse("2026-11-30T23:00:00Z");
            AlertFixtures.process(harness, window(CHECKOUT, NOVEMBER, 10_000, 0, "600"));
            AlertFixtures.process(
                    harness, billed(window(CHECKOUT, lastHour, 10_000, 0, "0"), 2, "390"));
            AlertFixtures.process(harness, window(CHECKOUT, lastHour.plus(HOUR), 10_000, 0, "1"));
            assertThat(ofKind(harness, BudgetAlertKind.ACTUAL))
                    .extracting(BudgetAlert::getAlertId)
                    .doesNotContain("budget/SERVICE/checkout/2026-11/ACTUAL/100");

            // Two more charges for November's last hour, after its cost window has closed.
            AlertFixtures.process(harness, late(lastHour, "7", 1));
            AlertFixtures.process(harness, late(lastHour, "13", 1));

            assertThat(ofKind(harness, BudgetAlertKind.ACTUAL))
                    .filteredOn(a -> a.getAlertId().endsWith("/ACTUAL/100"))
                    .singleElement()
                    .satisfies(
                            a -> {
                                assertThat(a.getAlertId())
                                        .isEqualTo("budget/SERVICE/checkout/2026-11/ACTUAL/100");
                                assertThat(a.getSpendToDate()).isEqualByComparingTo("1010");
                            });
        }
    }

    @Test
    void shouldCountTooLateBillingInsteadOfTheProvisionalEstimateAndTellTheOwner()
            throws Exception {
        try (var harness = harness(defaults(), config(CHECKOUT, "shop", "1000"))) {
            AlertFixtures.process(harness, window(CHECKOUT, NOVEMBER, 10_000, 0, "400"));
            AlertFixtures.process(harness, late(NOVEMBER, "120", 2));
            // A window that has only ever been billed too late counts as well.
            AlertFixtures.process(harness, late(hoursLater(1), "390", 1));

            assertThat(harness.getSideOutput(ServiceAlertFunction.OWNED_SPEND))
                    .extracting(StreamRecord::getValue)
                    .extracting(
                            OwnedSpend::start,
                            OwnedSpend::revision,
                            s -> s.cost().stripTrailingZeros().toPlainString(),
                            OwnedSpend::provisional)
                    .containsExactly(
                            tuple(NOVEMBER, 1L, "400", true),
                            tuple(NOVEMBER, 3L, "120", false),
                            tuple(hoursLater(1), 1L, "390", false));
            assertThat(ofKind(harness, BudgetAlertKind.ACTUAL))
                    .singleElement()
                    .satisfies(
                            a -> {
                                assertThat(a.getAlertId())
                                        .isEqualTo("budget/SERVICE/checkout/2026-11/ACTUAL/50");
                                assertThat(a.getSpendToDate()).isEqualByComparingTo("510");
                                assertThat(a.getProvisionalSpend()).isEqualByComparingTo("0");
                            });
        }
    }

    @Test
    void shouldEvaluateLateBillingOfAServiceWithNothingElseNowNotAtItsOldWindow() throws Exception {
        try (var harness = harness(defaults(), config(CHECKOUT, "shop", "1000"))) {
            harness.watermark(Instant.parse("2026-11-20T00:00:00Z").toEpochMilli());
            AlertFixtures.process(harness, late(Instant.parse("2026-11-10T10:00:00Z"), "1", 1));
            assertThat(harness.extractOutputValues()).isEmpty();
            harness.watermark(Instant.parse("2026-12-15T00:00:00Z").toEpochMilli());

            AlertFixtures.process(harness, late(Instant.parse("2026-11-30T23:00:00Z"), "1100", 1));

            // November has ended: its actual thresholds, and no forecast for it.
            assertThat(harness.extractOutputValues())
                    .extracting(BudgetAlert::getAlertId)
                    .containsExactlyInAnyOrder(
                            "budget/SERVICE/checkout/2026-11/ACTUAL/50",
                            "budget/SERVICE/checkout/2026-11/ACTUAL/80",
                            "budget/SERVICE/checkout/2026-11/ACTUAL/100");
        }
    }

    @Test
    void shouldIgnoreLateBillingOlderThanAnySpendTheRulesRead() throws Exception {
        try (var harness = harness(defaults(), config(CHECKOUT, "shop", "1000"))) {
            harness.watermark(
                    NOVEMBER.plus(defaults().retention()).toEpochMilli() + HOUR.toMillis());

            AlertFixtures.process(harness, late(NOVEMBER, "1100", 1));

            assertThat(harness.extractOutputValues()).isEmpty();
            assertThat(harness.getSideOutput(ServiceAlertFunction.OWNED_SPEND)).isNull();
            assertThat(numKeyedStateEntries(harness)).isZero();
        }
    }

    @Test
    void shouldKeepTooLateBillingWhenALaterRevisionOfItsWindowArrivesAfterIt() throws Exception {
        try (var harness = harness(defaults(), config(CHECKOUT, "shop", "1000"))) {
            ServiceCostWindow window = window(CHECKOUT, NOVEMBER, 10_000, 0, "0");
            AlertFixtures.process(harness, billed(window, 2, "300"));
            AlertFixtures.process(harness, late(NOVEMBER, "100", 1));
            // The window's last revision overtaken by the late billing on its way.
            AlertFixtures.process(harness, billed(window, 4, "450"));

            assertThat(ofKind(harness, BudgetAlertKind.ACTUAL))
                    .singleElement()
                    .satisfies(a -> assertThat(a.getSpendToDate()).isEqualByComparingTo("550"));
        }
    }

    @Test
    void shouldForecastTheBudgetOnlyWhenTheRunRateReachesIt() throws Exception {
        // A 720 budget, run rate of the last hour: one window of s projects s × (720 h + 1 ms).
        AlertSettings oneHourRunRate =
                new AlertSettings(
                        1.0,
                        List.of(50, 80, 100),
                        List.of(100),
                        HOUR,
                        5,
                        new BigDecimal("0.10"),
                        3,
                        8,
                        Duration.ofDays(7),
                        AlertFixtures.EVALUATION_DELAY);
        try (var below = harness(oneHourRunRate, config(CHECKOUT, "shop", "720"));
                var at = harness(oneHourRunRate, config(CHECKOUT, "shop", "720"))) {
            AlertFixtures.process(below, window(CHECKOUT, NOVEMBER, 10_000, 0, "0.9999"));
            AlertFixtures.process(at, window(CHECKOUT, NOVEMBER, 10_000, 0, "1"));

            assertThat(ofKind(below, BudgetAlertKind.FORECAST)).isEmpty();
            assertThat(ofKind(at, BudgetAlertKind.FORECAST))
                    .singleElement()
                    .satisfies(
                            a -> {
                                assertThat(a.getForecast())
                                        .isGreaterThanOrEqualTo(new BigDecimal("720"));
                                assertThat(a.getSpendToDate()).isEqualByComparingTo("1");
                            });
        }
    }

    @Test
    void shouldPageOnSpendBurnRateOnlyAtFourteenPointFourTimesTheBudgetsRate() throws Exception {
        // 720 over the 720 hours of November is 1 per hour.
        try (var below = harness(defaults(), config(CHECKOUT, "shop", "720"));
                var at = harness(defaults(), config(CHECKOUT, "shop", "720"))) {
            AlertFixtures.process(below, window(CHECKOUT, NOVEMBER, 10_000, 0, "14.39"));
            AlertFixtures.process(at, window(CHECKOUT, NOVEMBER, 10_000, 0, "14.40"));

            assertThat(ofKind(below, BudgetAlertKind.SPEND_BURN_RATE)).isEmpty();
            assertThat(ofKind(at, BudgetAlertKind.SPEND_BURN_RATE))
                    .singleElement()
                    .satisfies(
                            a ->
                                    assertThat(a.getAlertId())
                                            .isEqualTo(
                                                    "budget/SERVICE/checkout/2026-11/SPEND_BURN_RATE/1440/PAGE/"
                                                            + Instant.parse(
                                                                    "2026-11-01T00:59:59.999Z")));
        }
    }

    @Test
    void shouldFlagAnAnomalyOnlyAboveTheSeasonalMedianPlusTheFloor() throws Exception {
        try (var below = harness(defaults(), config(CHECKOUT, "shop", "1000000"));
                var at = harness(defaults(), config(CHECKOUT, "shop", "1000000"))) {
            for (var harness : List.of(below, at)) {
                for (int week = 0; week < 3; week++) {
                    AlertFixtures.process(
                            harness, window(CHECKOUT, weeksLater(week), 10_000, 0, "10"));
                }
            }
            AlertFixtures.process(below, window(CHECKOUT, weeksLater(3), 10_000, 0, "10.10"));
            AlertFixtures.process(at, window(CHECKOUT, weeksLater(3), 10_000, 0, "10.11"));

            assertThat(ofKind(below, BudgetAlertKind.ANOMALY)).isEmpty();
            assertThat(ofKind(at, BudgetAlertKind.ANOMALY))
                    .singleElement()
                    .satisfies(
                            a -> {
                                assertThat(a.getExpectedCost()).isEqualByComparingTo("10");
                                assertThat(a.getActualCost()).isEqualByComparingTo("10.11");
                            });
        }
    }

    @Test
    void shouldStaySilentAboutAnomaliesDuringWarmUp() throws Exception {
        try (var harness = harness(defaults(), config(CHECKOUT, "shop", "1000000"))) {
            AlertFixtures.process(harness, window(CHECKOUT, weeksLater(0), 10_000, 0, "10"));
            AlertFixtures.process(harness, window(CHECKOUT, weeksLater(1), 10_000, 0, "10"));
            AlertFixtures.process(harness, window(CHECKOUT, weeksLater(2), 10_000, 0, "1000"));

            assertThat(ofKind(harness, BudgetAlertKind.ANOMALY)).isEmpty();
        }
    }

    @Test
    void shouldSendARestatedWindowToTheOwnerItsFirstRevisionWentToWhenTheOwnerChanged()
            throws Exception {
        try (var harness = harness(defaults(), config(CHECKOUT, "shop", "1000"))) {
            ServiceCostWindow first = window(CHECKOUT, NOVEMBER, 10_000, 0, "3");
            AlertFixtures.process(harness, first);
            moveToOwner(harness, "ads");

            AlertFixtures.process(harness, billed(first, 2, "4"));
            AlertFixtures.process(harness, window(CHECKOUT, hoursLater(1), 10_000, 0, "5"));

            // The billed revision replaces the provisional one in shop's month; ads gets what
            // came after the move. Each window is in exactly one owner's ledger.
            assertThat(harness.getSideOutput(ServiceAlertFunction.OWNED_SPEND))
                    .extracting(StreamRecord::getValue)
                    .extracting(
                            OwnedSpend::owner,
                            OwnedSpend::revision,
                            s -> s.cost().stripTrailingZeros().toPlainString())
                    .containsExactly(
                            tuple("shop", 1L, "3"), tuple("shop", 2L, "4"), tuple("ads", 1L, "5"));
        }
    }

    @Test
    void shouldKeepAWindowWithItsOwnerWhenStateFromBeforeOwnersWereRecordedIsRestored()
            throws Exception {
        try (var harness = harness(defaults(), config(CHECKOUT, "shop", "1000"))) {
            ServiceCostWindow first = window(CHECKOUT, NOVEMBER, 10_000, 0, "3");
            AlertFixtures.process(harness, first);
            // As restored from a savepoint taken before the function recorded owners.
            clearState(harness, ServiceAlertFunction.SPEND_OWNER);
            moveToOwner(harness, "ads");

            AlertFixtures.process(harness, billed(first, 2, "4"));

            assertThat(harness.getSideOutput(ServiceAlertFunction.OWNED_SPEND))
                    .extracting(r -> r.getValue().owner())
                    .containsExactly("shop", "shop");
        }
    }

    @Test
    void shouldSendEachWindowsSpendToItsOwner() throws Exception {
        try (var harness = harness(defaults(), config(CHECKOUT, "shop", "1000"))) {
            AlertFixtures.process(harness, window(CHECKOUT, NOVEMBER, 10_000, 0, "3"));

            assertThat(harness.getSideOutput(ServiceAlertFunction.OWNED_SPEND))
                    .extracting(StreamRecord::getValue)
                    .singleElement()
                    .satisfies(
                            s -> {
                                assertThat(s.owner()).isEqualTo("shop");
                                assertThat(s.cost()).isEqualByComparingTo("3");
                            });
        }
    }

    @Test
    void shouldKeepOnlyWhatTheRulesReadWhileAServiceRuns() throws Exception {
        try (var harness = harness(defaults(), config(CHECKOUT, "shop", "1000000"))) {
            for (int day = 0; day < 120; day++) {
                Instant start = NOVEMBER.plus(Duration.ofDays(day));
                AlertFixtures.process(harness, window(CHECKOUT, start, 10_000, 0, "1"));
                AlertFixtures.process(harness, late(start, "1", 1));
            }

            // 30 days of SLO samples; spend for a month, a day's run rate and 3 days of burn
            // rate, or 8 weeks of anomaly baseline, whichever is longer.
            assertThat(entries(harness, ServiceAlertFunction.AVAILABILITY)).isBetween(29, 31);
            assertThat(entries(harness, ServiceAlertFunction.SPEND)).isBetween(55, 57);
            assertThat(entries(harness, ServiceAlertFunction.LATE_BILLING)).isBetween(55, 57);
            assertThat(entries(harness, firedDescriptor())).isLessThanOrEqualTo(12);
        }
    }

    @Test
    void shouldResolveAnEpisodeStillFiringWhenItsStateIsCleanedUp() throws Exception {
        try (var harness = harness(defaults(), config(CHECKOUT, "shop", null))) {
            AlertFixtures.process(harness, window(CHECKOUT, NOVEMBER, 10_000, 60, "1"));
            // As restored from a savepoint taken before silence checks: the check's timer fires,
            // but no check is recorded for it.
            clearState(harness, new ValueStateDescriptor<>("silence-check-at", Types.LONG));
            Instant cleanUp = hoursLater(1).plus(defaults().retention());

            harness.watermark(cleanUp.toEpochMilli() - 1);
            assertThat(sla(harness)).extracting(SlaAlert::getState).containsExactly(FIRING);
            harness.watermark(cleanUp.toEpochMilli());

            assertThat(sla(harness))
                    .extracting(SlaAlert::getState, SlaAlert::getEventTime)
                    .containsExactly(tuple(FIRING, hoursLater(1)), tuple(RESOLVED, cleanUp));
            assertThat(numKeyedStateEntries(harness)).isZero();
        }
    }

    @Test
    void shouldDropAllStateAndTimersOfAServiceSilentForTheRetention() throws Exception {
        try (var harness = harness(defaults(), config(CHECKOUT, "shop", "1000"))) {
            AlertFixtures.process(harness, window(CHECKOUT, NOVEMBER, 10_000, 60, "600"));
            AlertFixtures.process(harness, late(NOVEMBER, "1", 1));
            assertThat(numKeyedStateEntries(harness)).isPositive();
            // The clean-up, and the check for silence while the page fires.
            assertThat(harness.numEventTimeTimers()).isEqualTo(2);

            harness.watermark(hoursLater(1).plus(defaults().retention()).toEpochMilli() - 1);
            assertThat(numKeyedStateEntries(harness)).isPositive();
            harness.watermark(hoursLater(1).plus(defaults().retention()).toEpochMilli());

            assertThat(numKeyedStateEntries(harness)).isZero();
            assertThat(harness.numEventTimeTimers()).isZero();
            assertThat(harness.numProcessingTimeTimers()).isZero();
        }
    }

    private static Instant weeksLater(int weeks) {
        return NOVEMBER.plus(Duration.ofDays(7L * weeks));
    }

    /** Billing of the hour at {@code start} that came after its allowed lateness. */
    private static LateBilling late(Instant start, String billed, long charges) {
        return new LateBilling(CHECKOUT, start, start.plus(HOUR), Decimals.of(billed), charges);
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(1e-6);
    }

    static KeyedBroadcastOperatorTestHarness<
                    String, Either<ServiceCostWindow, LateBilling>, ServiceConfig, BudgetAlert>
            harness(AlertSettings settings, ServiceConfig config) throws Exception {
        var harness =
                ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                        new ServiceAlertFunction(settings),
                        ServiceAlertFunction::serviceId,
                        Types.STRING,
                        ServiceConfigs.BROADCAST_STATE);
        harness.processBroadcastElement(config, 0);
        return harness;
    }

    /** The service's config, one version later, with another owner. */
    private static void moveToOwner(
            KeyedBroadcastOperatorTestHarness<
                            String,
                            Either<ServiceCostWindow, LateBilling>,
                            ServiceConfig,
                            BudgetAlert>
                    harness,
            String owner)
            throws Exception {
        ServiceConfig moved = config(CHECKOUT, owner, "1000");
        moved.setVersion(2);
        harness.processBroadcastElement(moved, 0);
    }

    /** Clears one of the service's states, as a savepoint taken before it existed restores it. */
    private static void clearState(
            KeyedBroadcastOperatorTestHarness<
                            String,
                            Either<ServiceCostWindow, LateBilling>,
                            ServiceConfig,
                            BudgetAlert>
                    harness,
            StateDescriptor<? extends State, ?> descriptor)
            throws Exception {
        KeyedStateBackend<String> backend = harness.getOperator().getKeyedStateBackend();
        backend.setCurrentKey(CHECKOUT);
        backend.getPartitionedState(
                        VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, descriptor)
                .clear();
    }

    private static List<SlaAlert> sla(
            KeyedBroadcastOperatorTestHarness<
                            String,
                            Either<ServiceCostWindow, LateBilling>,
                            ServiceConfig,
                            BudgetAlert>
                    harness) {
        List<SlaAlert> alerts = new ArrayList<>();
        var out = harness.getSideOutput(ServiceAlertFunction.SLA_ALERTS);
        if (out != null) {
            out.forEach(r -> alerts.add(r.getValue()));
        }
        return alerts;
    }

    private static List<BudgetAlert> ofKind(
            KeyedBroadcastOperatorTestHarness<
                            String,
                            Either<ServiceCostWindow, LateBilling>,
                            ServiceConfig,
                            BudgetAlert>
                    harness,
            BudgetAlertKind kind) {
        return harness.extractOutputValues().stream().filter(a -> a.getKind() == kind).toList();
    }

    private static MapStateDescriptor<String, String> firedDescriptor() {
        return new MapStateDescriptor<>("fired", Types.STRING, Types.STRING);
    }

    private static <K, V> int entries(
            KeyedBroadcastOperatorTestHarness<
                            String,
                            Either<ServiceCostWindow, LateBilling>,
                            ServiceConfig,
                            BudgetAlert>
                    harness,
            MapStateDescriptor<K, V> descriptor)
            throws Exception {
        KeyedStateBackend<String> backend = harness.getOperator().getKeyedStateBackend();
        backend.setCurrentKey(CHECKOUT);
        MapState<K, V> state =
                backend.getPartitionedState(
                        VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, descriptor);
        int n = 0;
        for (K ignored : state.keys()) {
            n++;
        }
        return n;
    }

    static int numKeyedStateEntries(KeyedBroadcastOperatorTestHarness<?, ?, ?, ?> harness) {
        return ((HeapKeyedStateBackend<?>) harness.getOperator().getKeyedStateBackend())
                .numKeyValueStateEntries();
    }
}

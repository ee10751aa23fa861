package io.costflow.pipeline.alert;

import static io.costflow.pipeline.alert.AlertFixtures.NOVEMBER;
import static io.costflow.pipeline.alert.AlertFixtures.config;
import static io.costflow.pipeline.alert.AlertFixtures.defaults;
import static io.costflow.pipeline.alert.AlertFixtures.hoursLater;
import static org.assertj.core.api.Assertions.assertThat;

import io.costflow.model.alerting.budget.WindowSpend;
import io.costflow.pipeline.config.ServiceConfigs;
import io.costflow.schemas.BudgetAlert;
import io.costflow.schemas.BudgetAlertKind;
import io.costflow.schemas.BudgetScope;
import io.costflow.schemas.Decimals;
import io.costflow.schemas.ServiceConfig;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/** An owner's budget is the sum of its services' budgets, over the spend of all its services. */
class OwnerBudgetFunctionTest {

    @Test
    void shouldFireTheOwnersFiftyPercentOnlyWhenItsServicesTogetherReachHalf() throws Exception {
        try (var harness = harness()) {
            AlertFixtures.process(harness, spend("cart", NOVEMBER, 1, "300"));
            AlertFixtures.process(harness, spend("checkout", NOVEMBER, 1, "199.99"));
            assertThat(actual(harness)).as("499.99 of 1000").isEmpty();

            AlertFixtures.process(harness, spend("checkout", hoursLater(1), 1, "0.01"));

            assertThat(actual(harness))
                    .singleElement()
                    .satisfies(
                            a -> {
                                assertThat(a.getScope()).isEqualTo(BudgetScope.OWNER);
                                assertThat(a.getAlertId())
                                        .isEqualTo("budget/OWNER/shop/2026-11/ACTUAL/50");
                                assertThat(a.getBudget()).isEqualByComparingTo("1000");
                                assertThat(a.getSpendToDate()).isEqualByComparingTo("500");
                            });
        }
    }

    @Test
    void shouldReplaceAServicesWindowWhenARevisionArrives() throws Exception {
        try (var harness = harness()) {
            AlertFixtures.process(harness, spend("cart", NOVEMBER, 1, "450"));
            AlertFixtures.process(harness, spend("cart", NOVEMBER, 2, "40"));
            AlertFixtures.process(harness, spend("checkout", NOVEMBER, 1, "50"));

            assertThat(actual(harness)).as("40 + 50, not 450 + 40 + 50").isEmpty();
        }
    }

    @Test
    void shouldAlertTheOwnersEndedMonthWhenItsLastWindowIsBilledHigherLater() throws Exception {
        java.time.Instant lastHour = java.time.Instant.parse("2026-11-30T23:00:00Z");
        try (var harness = harness()) {
            AlertFixtures.process(harness, spend("cart", NOVEMBER, 1, "499"));
            AlertFixtures.process(harness, spend("checkout", lastHour, 1, "0.99"));
            AlertFixtures.process(harness, spend("cart", lastHour.plusSeconds(3600), 1, "1"));
            assertThat(actual(harness)).as("499.99 of 1000 in November").isEmpty();

            AlertFixtures.process(harness, spend("checkout", lastHour, 2, "1.01"));

            assertThat(actual(harness))
                    .singleElement()
                    .satisfies(
                            a -> {
                                assertThat(a.getAlertId())
                                        .isEqualTo("budget/OWNER/shop/2026-11/ACTUAL/50");
                                assertThat(a.getSpendToDate()).isEqualByComparingTo("500.01");
                            });
        }
    }

    @Test
    void shouldDropAllStateAndTimersOfAnOwnerSilentForTheRetention() throws Exception {
        try (var harness = harness()) {
            AlertFixtures.process(harness, spend("cart", NOVEMBER, 1, "600"));
            assertThat(ServiceAlertFunctionTest.numKeyedStateEntries(harness)).isPositive();

            harness.watermark(hoursLater(1).plus(defaults().retention()).toEpochMilli());

            assertThat(ServiceAlertFunctionTest.numKeyedStateEntries(harness)).isZero();
            assertThat(harness.numEventTimeTimers()).isZero();
        }
    }

    private static OwnedSpend spend(String serviceId, Instant start, long revision, String cost) {
        return OwnedSpend.of(
                "shop",
                new WindowSpend(
                        serviceId,
                        start,
                        start.plus(AlertFixtures.HOUR),
                        revision,
                        Decimals.of(cost),
                        revision == 1));
    }

    private static List<BudgetAlert> actual(
            KeyedBroadcastOperatorTestHarness<String, OwnedSpend, ServiceConfig, BudgetAlert>
                    harness) {
        return harness.extractOutputValues().stream()
                .filter(a -> a.getKind() == BudgetAlertKind.ACTUAL)
                .toList();
    }

    private static KeyedBroadcastOperatorTestHarness<String, OwnedSpend, ServiceConfig, BudgetAlert>
            harness() throws Exception {
        var harness =
                ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                        new OwnerBudgetFunction(defaults()),
                        OwnedSpend::owner,
                        Types.STRING,
                        ServiceConfigs.BROADCAST_STATE);
        harness.processBroadcastElement(config("cart", "shop", "600"), 0);
        harness.processBroadcastElement(config("checkout", "shop", "400"), 0);
        harness.processBroadcastElement(config("search", "other-team", "5000"), 0);
        return harness;
    }
}

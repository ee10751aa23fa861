package io.costflow.pipeline.window;

import static org.assertj.core.api.Assertions.assertThat;

import io.costflow.model.billing.AttributedCharge;
import io.costflow.model.billing.BillingTotals;
import io.costflow.model.usage.UsageTotals;
import io.costflow.model.window.IdlePolicy;
import io.costflow.pipeline.Fixtures;
import io.costflow.pipeline.billing.BillingWindow;
import io.costflow.pipeline.usage.UsageWindow;
import io.costflow.schemas.CostStatus;
import io.costflow.schemas.Decimals;
import io.costflow.schemas.ServiceCostWindow;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class CostWindowMergeTest {

    private static final long START = Fixtures.BEGINNING.toEpochMilli();
    private static final long END = START + 60_000;
    private static final Duration LATENESS = Duration.ofMinutes(30);

    @Test
    void shouldGoFromProvisionalToBilledToCorrectedWithRisingRevisions() throws Exception {
        try (var harness = harness()) {
            harness.processElement1(usage(), 1L);
            harness.processElement2(billing(false, "0.0020"), 2L);
            harness.processElement2(billing(true, "0.0018"), 3L);

            assertThat(harness.extractOutputValues())
                    .extracting(ServiceCostWindow::getRevision, ServiceCostWindow::getStatus)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(1L, CostStatus.PROVISIONAL),
                            org.assertj.core.groups.Tuple.tuple(2L, CostStatus.BILLED),
                            org.assertj.core.groups.Tuple.tuple(3L, CostStatus.CORRECTED));
            ServiceCostWindow last = harness.extractOutputValues().get(2);
            assertThat(last.getBilledCost()).isEqualByComparingTo("0.0018");
            assertThat(last.getProvisionalCost()).isEqualByComparingTo("0.0016");
            assertThat(last.getRequestCount()).isEqualTo(600);
        }
    }

    @Test
    void shouldDropAllStateOnceTheAllowedLatenessHasPassed() throws Exception {
        try (var harness = harness()) {
            harness.processElement1(usage(), 1L);
            harness.processElement2(billing(false, "0.0020"), 2L);
            assertThat(harness.numKeyedStateEntries()).isEqualTo(3);

            harness.processBothWatermarks(new Watermark(END + LATENESS.toMillis() - 1));
            assertThat(harness.numKeyedStateEntries()).isEqualTo(3);

            harness.processBothWatermarks(new Watermark(END + LATENESS.toMillis()));
            assertThat(harness.numKeyedStateEntries()).isZero();
            assertThat(harness.numEventTimeTimers()).isZero();
        }
    }

    private static KeyedTwoInputStreamOperatorTestHarness<
                    String, UsageWindow, BillingWindow, ServiceCostWindow>
            harness() throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
                new CostWindowMerge("USD", IdlePolicy.DEFAULT, LATENESS),
                w -> CostWindowMerge.key(w.serviceId(), w.windowStart()),
                w -> CostWindowMerge.key(w.serviceId(), w.windowStart()),
                Types.STRING);
    }

    private static UsageWindow usage() {
        UsageTotals totals = new UsageTotals();
        totals.add(
                Fixtures.telemetry("checkout", "i-1", Fixtures.BEGINNING.plusSeconds(60), 600, 3),
                Decimals.of("0.0016"));
        return new UsageWindow("checkout", START, END, totals);
    }

    private static BillingWindow billing(boolean correction, String cost) {
        BillingTotals totals =
                new BillingTotals()
                        .add(
                                new AttributedCharge(
                                        "li-1",
                                        1L,
                                        "checkout",
                                        "i-1",
                                        "USAGE",
                                        correction,
                                        START,
                                        END,
                                        Decimals.of(cost),
                                        Decimals.of(cost),
                                        Decimals.of(cost)));
        return new BillingWindow("checkout", START, END, totals);
    }
}

package io.costflow.pipeline.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.costflow.model.billing.AttributedCharge;
import io.costflow.model.billing.BillingTotals;
import io.costflow.model.billing.Restatements;
import io.costflow.model.usage.UsageTotals;
import io.costflow.model.window.IdlePolicy;
import io.costflow.pipeline.Fixtures;
import io.costflow.pipeline.billing.BillingWindow;
import io.costflow.pipeline.usage.UsageWindow;
import io.costflow.schemas.CostStatus;
import io.costflow.schemas.Decimals;
import io.costflow.schemas.ServiceCostWindow;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class CostWindowMergeTest {

    private static final long START = Fixtures.BEGINNING.toEpochMilli();
    private static final long END = START + 60_000;
    private static final Duration LATENESS = Duration.ofMinutes(30);

    @Test
    void shouldGoFromProvisionalToBilledToCorrectedWithRisingRevisions() throws Exception {
        try (var harness = harness()) {
            harness.processElement1(usage(), 1L);
            harness.processElement2(billing(charge(1, "0.0020")), 2L);
            harness.processElement2(billing(charge(1, "0.0020"), charge(2, "0.0018")), 3L);

            // Revisions count the inputs: 1 scrape, then 1 charge, then its retraction and the
            // restated version.
            assertThat(harness.extractOutputValues())
                    .extracting(ServiceCostWindow::getRevision, ServiceCostWindow::getStatus)
                    .containsExactly(
                            tuple(1L, CostStatus.PROVISIONAL),
                            tuple(2L, CostStatus.BILLED),
                            tuple(4L, CostStatus.CORRECTED));
            ServiceCostWindow last = harness.extractOutputValues().get(2);
            assertThat(last.getBilledCost()).isEqualByComparingTo("0.0018");
            assertThat(last.getProvisionalCost()).isEqualByComparingTo("0.0016");
            assertThat(last.getRequestCount()).isEqualTo(600);
        }
    }

    /**
     * The lost run fires billing twice after the checkpoint; the replay gets both charges at once.
     * Its revision for the same inputs is the lost run's, and its next update is above it, so a
     * sink keeping the highest revision takes it.
     */
    @Test
    void shouldGiveAReplayTheLostRunsRevisionForTheSameInputs() throws Exception {
        OperatorSubtaskState checkpoint;
        List<Long> lost;
        try (var harness = harness()) {
            harness.processElement1(usage(), 1L);
            checkpoint = harness.snapshot(1L, 1L);
            harness.processElement2(billing(charge(1, "0.0020")), 2L);
            harness.processElement2(billing(charge(1, "0.0020"), charge(2, "0.0018")), 3L);
            lost = revisions(harness.extractOutputValues());
        }
        try (var replay = unopenedHarness()) {
            replay.initializeState(checkpoint);
            replay.open();
            replay.processElement2(billing(charge(1, "0.0020"), charge(2, "0.0018")), 3L);
            replay.processElement2(
                    billing(charge(1, "0.0020"), charge(2, "0.0018"), charge(3, "0.0017")), 4L);

            assertThat(lost).containsExactly(1L, 2L, 4L);
            assertThat(revisions(replay.extractOutputValues())).containsExactly(4L, 6L);
            assertThat(replay.extractOutputValues().get(1).getBilledCost())
                    .isEqualByComparingTo("0.0017");
        }
    }

    @Test
    void shouldNotEmitAWindowWhoseInputsHaveNotChanged() throws Exception {
        try (var harness = harness()) {
            harness.processElement1(usage(), 1L);
            harness.processElement1(usage(), 2L);

            assertThat(revisions(harness.extractOutputValues())).containsExactly(1L);
        }
    }

    @Test
    void shouldEmitNothingForAWindowWithoutInputsAndStillDropItsState() throws Exception {
        try (var harness = harness()) {
            harness.processElement1(new UsageWindow("checkout", START, END, new UsageTotals()), 1L);
            assertThat(harness.extractOutputValues()).isEmpty();

            harness.processBothWatermarks(new Watermark(END + LATENESS.toMillis()));
            assertThat(harness.numKeyedStateEntries()).isZero();
        }
    }

    @Test
    void shouldDropAllStateOnceTheAllowedLatenessHasPassed() throws Exception {
        try (var harness = harness()) {
            harness.processElement1(usage(), 1L);
            harness.processElement2(billing(charge(1, "0.0020")), 2L);
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
        var harness = unopenedHarness();
        harness.open();
        return harness;
    }

    private static KeyedTwoInputStreamOperatorTestHarness<
                    String, UsageWindow, BillingWindow, ServiceCostWindow>
            unopenedHarness() throws Exception {
        return new KeyedTwoInputStreamOperatorTestHarness<>(
                new KeyedCoProcessOperator<>(
                        new CostWindowMerge("USD", IdlePolicy.DEFAULT, LATENESS)),
                (UsageWindow w) -> CostWindowMerge.key(w.serviceId(), w.windowStart()),
                (BillingWindow w) -> CostWindowMerge.key(w.serviceId(), w.windowStart()),
                Types.STRING);
    }

    private static UsageWindow usage() {
        UsageTotals totals = new UsageTotals();
        totals.add(
                Fixtures.telemetry("checkout", "i-1", Fixtures.BEGINNING.plusSeconds(60), 600, 3),
                Decimals.of("0.0016"));
        return new UsageWindow("checkout", START, END, totals);
    }

    /**
     * A billing window holding {@code versions} of line item li-1, each restating the one before.
     */
    private static BillingWindow billing(AttributedCharge... versions) {
        BillingTotals totals = new BillingTotals();
        AttributedCharge previous = null;
        for (AttributedCharge version : versions) {
            Restatements.deltas(previous, version).forEach(totals::add);
            previous = version;
        }
        return new BillingWindow("checkout", START, END, totals);
    }

    private static AttributedCharge charge(long version, String cost) {
        return new AttributedCharge(
                "li-1",
                version,
                "checkout",
                "i-1",
                "USAGE",
                false,
                START,
                END,
                Decimals.of(cost),
                Decimals.of(cost),
                Decimals.of(cost));
    }

    private static List<Long> revisions(List<ServiceCostWindow> windows) {
        return windows.stream().map(ServiceCostWindow::getRevision).toList();
    }
}

package io.costflow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.costflow.model.billing.AttributedCharge;
import io.costflow.pipeline.billing.BillingCombiner;
import io.costflow.pipeline.billing.BillingPartial;
import io.costflow.pipeline.billing.BillingWindow;
import io.costflow.schemas.Decimals;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The job's billing-window operator, driven with explicit watermarks: a charge within the allowed
 * lateness re-fires its window with the updated totals; one after it leaves through the late output
 * (and becomes a too-late dead letter); once the lateness has passed no state or timer remains.
 */
class BillingWindowsLatenessTest {

    private static final long START = Fixtures.BEGINNING.toEpochMilli();
    private static final Duration WINDOW = Duration.ofMinutes(1);
    private static final Duration LATENESS = Duration.ofMinutes(10);
    private static final long END = START + WINDOW.toMillis();

    @Test
    void shouldRefireWithinTheLatenessAndSideOutputAfterIt() throws Exception {
        try (var harness = harness()) {
            harness.processElement(new StreamRecord<>(share("li-1", "1.5"), START));
            harness.processWatermark(new Watermark(END));
            assertThat(billed(harness)).containsExactly("1.5");

            harness.processElement(new StreamRecord<>(share("li-2", "0.25"), START));
            assertThat(billed(harness)).containsExactly("1.5", "1.75");

            harness.processWatermark(new Watermark(END - 1 + LATENESS.toMillis()));
            assertThat(harness.numKeyedStateEntries()).isZero();
            assertThat(harness.numEventTimeTimers()).isZero();

            harness.processElement(new StreamRecord<>(share("li-3", "9"), START));
            assertThat(billed(harness)).hasSize(2);
            assertThat(harness.getSideOutput(CostWindowJob.LATE_BILLING))
                    .extracting(r -> r.getValue().single().lineItemId())
                    .containsExactly("li-3");
        }
    }

    @SuppressWarnings("unchecked")
    private static KeyedOneInputStreamOperatorTestHarness<String, BillingPartial, BillingWindow>
            harness() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        DataStream<AttributedCharge> charges =
                env.fromData(
                        List.of(charge("seed", "0")), TypeInformation.of(AttributedCharge.class));
        SingleOutputStreamOperator<BillingWindow> windows =
                CostWindowJob.billingWindows(charges, WINDOW, LATENESS);
        // The window operator sits behind the apportioning, the local pre-aggregation and the
        // keyBy.
        Transformation<?> transformation = windows.getTransformation();
        OneInputTransformation<BillingPartial, BillingWindow> window =
                (OneInputTransformation<BillingPartial, BillingWindow>) transformation;
        KeyedOneInputStreamOperatorTestHarness<String, BillingPartial, BillingWindow> harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        window.getOperator(), BillingPartial::serviceId, Types.STRING);
        harness.open();
        return harness;
    }

    private static List<String> billed(
            KeyedOneInputStreamOperatorTestHarness<String, BillingPartial, BillingWindow> h) {
        return h.extractOutputValues().stream()
                .map(w -> w.totals().getBilledCost().stripTrailingZeros().toPlainString())
                .toList();
    }

    /** A share as the pre-aggregation passes on a possibly late one: alone. */
    private static BillingPartial share(String id, String cost) {
        return new BillingCombiner(WINDOW).single(charge(id, cost));
    }

    private static AttributedCharge charge(String id, String cost) {
        return new AttributedCharge(
                id,
                1,
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
}

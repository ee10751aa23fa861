package io.costflow.pipeline.billing;

import static org.assertj.core.api.Assertions.assertThat;

import io.costflow.model.billing.AttributedCharge;
import io.costflow.schemas.Decimals;
import java.math.BigDecimal;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class RestatementFunctionTest {

    private static final long BEGINNING = 1_793_491_200_000L;
    private static final Duration HORIZON = Duration.ofDays(35);

    @Test
    void shouldTurnARestatementIntoARetractionAndTheNewVersion() throws Exception {
        try (var harness = harness()) {
            harness.processElement(charge(1, "10"), 1L);
            harness.processElement(charge(1, "10"), 2L); // a replayed duplicate
            harness.processElement(charge(4, "12.5"), 3L);
            harness.processElement(charge(2, "11"), 4L); // an older version, overtaken

            assertThat(harness.extractOutputValues())
                    .extracting(c -> c.billedCost().stripTrailingZeros().toPlainString())
                    .containsExactly("10", "-10", "12.5");
            assertThat(total(harness)).isEqualByComparingTo("12.5");
        }
    }

    @Test
    void shouldForgetAVersionOnceTheRestatementHorizonHasPassed() throws Exception {
        try (var harness = harness()) {
            harness.setStateTtlProcessingTime(0);
            harness.processElement(charge(1, "10"), 1L);
            assertThat(harness.numKeyedStateEntries()).isEqualTo(1);

            harness.setStateTtlProcessingTime(HORIZON.toMillis() + 1);
            harness.processElement(charge(2, "7"), 2L);

            // The old version expired: the new one is taken as first seen, nothing is retracted.
            assertThat(harness.extractOutputValues())
                    .extracting(c -> c.billedCost().stripTrailingZeros().toPlainString())
                    .containsExactly("10", "7");
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<
                    String, AttributedCharge, AttributedCharge>
            harness() throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new RestatementFunction(HORIZON), AttributedCharge::lineItemId, Types.STRING);
    }

    private static AttributedCharge charge(long version, String cost) {
        BigDecimal amount = Decimals.of(cost);
        return new AttributedCharge(
                "li-1",
                version,
                "checkout",
                "i-1",
                "USAGE",
                false,
                BEGINNING,
                BEGINNING + 3_600_000L,
                amount,
                amount,
                amount);
    }

    private static BigDecimal total(
            KeyedOneInputStreamOperatorTestHarness<String, AttributedCharge, AttributedCharge> h) {
        return h.extractOutputValues().stream()
                .map(AttributedCharge::billedCost)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}

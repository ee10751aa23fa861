package io.costflow.pipeline.billing;

import static org.assertj.core.api.Assertions.assertThat;

import io.costflow.model.billing.AttributedCharge;
import io.costflow.schemas.Decimals;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

class ApportionChargeTest {

    private static final long HOUR = 3_600_000L;
    private static final long BEGINNING = 1_793_491_200_000L;

    @Test
    void shouldSplitADailyChargeIntoHourlySharesThatSumExactly() {
        List<AttributedCharge> shares =
                apportion(charge("100", "90", "120", BEGINNING, BEGINNING + 24 * HOUR));

        assertThat(shares).hasSize(24);
        assertThat(sum(shares, AttributedCharge::billedCost)).isEqualByComparingTo("100");
        assertThat(sum(shares, AttributedCharge::effectiveCost)).isEqualByComparingTo("90");
        assertThat(sum(shares, AttributedCharge::listCost)).isEqualByComparingTo("120");
        assertThat(shares.get(5).chargePeriodStart()).isEqualTo(BEGINNING + 5 * HOUR);
        assertThat(shares.get(5).chargePeriodEnd()).isEqualTo(BEGINNING + 6 * HOUR);
        assertThat(shares).allMatch(s -> s.lineItemId().equals("li-1"));
    }

    @Test
    void shouldPassAChargeInsideOneWindowThroughUnchanged() {
        AttributedCharge inside = charge("1", "1", "1", BEGINNING + 10, BEGINNING + HOUR);

        assertThat(apportion(inside)).containsExactly(inside);
    }

    private static List<AttributedCharge> apportion(AttributedCharge charge) {
        List<AttributedCharge> out = new ArrayList<>();
        new ApportionCharge(Duration.ofHours(1))
                .flatMap(
                        charge,
                        new Collector<>() {
                            @Override
                            public void collect(AttributedCharge record) {
                                out.add(record);
                            }

                            @Override
                            public void close() {}
                        });
        return out;
    }

    private static AttributedCharge charge(
            String billed, String effective, String list, long start, long end) {
        return new AttributedCharge(
                "li-1",
                1L,
                "checkout",
                "i-1",
                "USAGE",
                false,
                start,
                end,
                Decimals.of(billed),
                Decimals.of(effective),
                Decimals.of(list));
    }

    private static BigDecimal sum(
            List<AttributedCharge> shares,
            java.util.function.Function<AttributedCharge, BigDecimal> f) {
        return shares.stream().map(f).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}

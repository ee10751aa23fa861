package io.costflow.model.money;

import static org.assertj.core.api.Assertions.assertThat;

import io.costflow.model.money.Apportionment.WindowShare;
import io.costflow.schemas.Decimals;
import java.math.BigDecimal;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ApportionmentTest {

    private static final long HOUR = 3_600_000L;
    private static final long BEGINNING = 1_793_491_200_000L; // 2026-11-01T00:00:00Z

    @Test
    void shouldSplitADayAcrossHourlyWindowsSummingExactly() {
        List<WindowShare> shares =
                Apportionment.byOverlap(
                        Decimals.of("1.00"), BEGINNING, BEGINNING + 24 * HOUR, HOUR);

        assertThat(shares).hasSize(24);
        assertThat(sum(shares)).isEqualByComparingTo("1.00");
        // 1 / 24 = 0.041666666666|67: 16 parts round down, 8 get the leftover units.
        assertThat(shares)
                .extracting(WindowShare::amount)
                .containsOnly(Decimals.of("0.041666666666"), Decimals.of("0.041666666667"));
    }

    @Test
    void shouldSplitByOverlapWhenThePeriodIsNotAligned() {
        // 00:30 to 02:15: 30 min, 60 min, 15 min of 105.
        List<WindowShare> shares =
                Apportionment.byOverlap(
                        Decimals.of("10.5"),
                        BEGINNING + HOUR / 2,
                        BEGINNING + 2 * HOUR + HOUR / 4,
                        HOUR);

        assertThat(shares)
                .extracting(WindowShare::windowStart)
                .containsExactly(BEGINNING, BEGINNING + HOUR, BEGINNING + 2 * HOUR);
        assertThat(shares)
                .extracting(WindowShare::amount)
                .containsExactly(Decimals.of("3"), Decimals.of("6"), Decimals.of("1.5"));
    }

    @Test
    void shouldKeepAPeriodInsideOneWindowWhole() {
        List<WindowShare> shares =
                Apportionment.byOverlap(Decimals.of("0.3"), BEGINNING + 10, BEGINNING + 20, HOUR);

        assertThat(shares)
                .singleElement()
                .satisfies(
                        s -> {
                            assertThat(s.amount()).isEqualByComparingTo("0.3");
                            assertThat(s.windowStart()).isEqualTo(BEGINNING);
                        });
    }

    @Test
    void shouldSplitCreditsWithTheirSign() {
        List<WindowShare> shares =
                Apportionment.byOverlap(Decimals.of("-1"), BEGINNING, BEGINNING + 3 * HOUR, HOUR);

        assertThat(sum(shares)).isEqualByComparingTo("-1");
        assertThat(shares)
                .extracting(WindowShare::amount)
                .containsExactly(
                        Decimals.of("-0.333333333334"),
                        Decimals.of("-0.333333333333"),
                        Decimals.of("-0.333333333333"));
    }

    @Test
    void shouldAlwaysSumToTheWholeForRandomAmountsAndPeriods() {
        Random random = new Random(11);
        for (int i = 0; i < 2_000; i++) {
            BigDecimal amount =
                    BigDecimal.valueOf(random.nextLong() % 1_000_000_000_000_000L, Decimals.SCALE)
                            .multiply(BigDecimal.valueOf(random.nextInt(1000)));
            long start = BEGINNING + random.nextInt(100_000_000);
            long end = start + 1 + random.nextInt(400_000_000);
            long window = 1 + random.nextInt(10_000_000);

            List<WindowShare> shares = Apportionment.byOverlap(amount, start, end, window);

            assertThat(sum(shares)).as("split of %s", amount).isEqualByComparingTo(amount);
            assertThat(shares.stream().mapToLong(WindowShare::overlapMillis).sum())
                    .isEqualTo(end - start);
        }
    }

    @Test
    void shouldSplitByWeightsLeavingNothingBehind() {
        List<BigDecimal> parts = Apportionment.byWeights(Decimals.of("100"), new long[] {1, 1, 1});

        assertThat(parts)
                .containsExactly(
                        Decimals.of("33.333333333334"),
                        Decimals.of("33.333333333333"),
                        Decimals.of("33.333333333333"));
    }

    private static BigDecimal sum(List<WindowShare> shares) {
        return shares.stream().map(WindowShare::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}

package io.costflow.model.billing;

import static org.assertj.core.api.Assertions.assertThat;

import io.costflow.schemas.Decimals;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class RestatementsTest {

    private static final long BEGINNING = 1_793_491_200_000L;
    private static final long ONE_HOUR_LATER = BEGINNING + 3_600_000L;

    @Test
    void shouldPassTheFirstVersionOnUnchanged() {
        AttributedCharge first = charge("checkout", "10", BEGINNING);

        assertThat(Restatements.deltas(null, first)).containsExactly(first);
    }

    @Test
    void shouldIgnoreTheSameVersionDeliveredTwice() {
        AttributedCharge first = charge("checkout", "10", BEGINNING);
        AttributedCharge replay = charge("checkout", "10.000", BEGINNING);

        assertThat(Restatements.deltas(first, replay)).isEmpty();
    }

    @Test
    void shouldRetractTheOldVersionAndAddTheNewWhenRestated() {
        AttributedCharge first = charge("checkout", "10", BEGINNING);
        AttributedCharge restated = charge(2, "checkout", "12.5", BEGINNING);

        List<AttributedCharge> deltas = Restatements.deltas(first, restated);

        assertThat(total(deltas)).isEqualByComparingTo("2.5");
        assertThat(deltas).allMatch(AttributedCharge::correction);
    }

    @Test
    void shouldMoveTheChargeWhenARestatementChangesServiceOrPeriod() {
        AttributedCharge first = charge("checkout", "10", BEGINNING);
        AttributedCharge moved = charge(2, "search", "10", ONE_HOUR_LATER);

        List<AttributedCharge> deltas = Restatements.deltas(first, moved);

        assertThat(deltas).hasSize(2);
        assertThat(deltas.get(0).serviceId()).isEqualTo("checkout");
        assertThat(deltas.get(0).billedCost()).isEqualByComparingTo("-10");
        assertThat(deltas.get(0).chargePeriodStart()).isEqualTo(BEGINNING);
        assertThat(deltas.get(1).serviceId()).isEqualTo("search");
        assertThat(deltas.get(1).billedCost()).isEqualByComparingTo("10");
    }

    @Test
    void shouldIgnoreAnOlderVersionArrivingAfterANewerOne() {
        AttributedCharge newer = charge(5, "checkout", "12", BEGINNING);
        AttributedCharge older = charge(3, "checkout", "10", BEGINNING);

        assertThat(Restatements.deltas(newer, older)).isEmpty();
        assertThat(Restatements.latest(newer, older)).isSameAs(newer);
        assertThat(Restatements.latest(older, newer)).isSameAs(newer);
    }

    static AttributedCharge charge(String service, String cost, long start) {
        return charge(1, service, cost, start);
    }

    static AttributedCharge charge(long version, String service, String cost, long start) {
        BigDecimal amount = Decimals.of(cost);
        return new AttributedCharge(
                "li-1",
                version,
                service,
                "i-1",
                "USAGE",
                false,
                start,
                start + 3_600_000L,
                amount,
                amount,
                amount);
    }

    private static BigDecimal total(List<AttributedCharge> charges) {
        return charges.stream()
                .map(AttributedCharge::billedCost)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}

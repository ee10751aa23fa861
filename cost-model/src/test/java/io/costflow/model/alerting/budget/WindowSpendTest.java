package io.costflow.model.alerting.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WindowSpendTest {

    private static final Instant START = Instant.parse("2026-11-30T23:00:00Z");
    private static final Instant END = START.plus(Duration.ofHours(1));

    @Test
    void shouldReplaceAProvisionalEstimateWithTooLateBilling() {
        WindowSpend estimate =
                new WindowSpend("checkout", START, END, 60, new BigDecimal("9"), true);

        WindowSpend spend = estimate.withLateBilling(late("2.50", 2));

        assertThat(spend.cost()).isEqualByComparingTo("2.50");
        assertThat(spend.provisional()).isFalse();
        assertThat(spend.revision()).isEqualTo(62);
    }

    @Test
    void shouldAddTooLateBillingToBilledCost() {
        WindowSpend billed =
                new WindowSpend("checkout", START, END, 61, new BigDecimal("9"), false);

        WindowSpend spend = billed.withLateBilling(late("2.50", 1).plus(late("0.25", 1)));

        assertThat(spend.cost()).isEqualByComparingTo("11.75");
        assertThat(spend.revision()).isEqualTo(63);
    }

    @Test
    void shouldCountTooLateBillingAloneWhenTheWindowWasNeverSeen() {
        WindowSpend spend = WindowSpend.of(late("2.50", 3));

        assertThat(spend.cost()).isEqualByComparingTo("2.50");
        assertThat(spend.provisional()).isFalse();
        assertThat(spend.revision()).isEqualTo(3);
    }

    @Test
    void shouldRefuseBillingOfAnotherWindow() {
        LateBilling later =
                new LateBilling("checkout", END, END.plus(Duration.ofHours(1)), BigDecimal.ONE, 1);

        assertThatThrownBy(() -> late("1", 1).plus(later))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(
                        () ->
                                new WindowSpend("cart", START, END, 1, BigDecimal.ONE, false)
                                        .withLateBilling(late("1", 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static LateBilling late(String billed, long charges) {
        return new LateBilling("checkout", START, END, new BigDecimal(billed), charges);
    }
}

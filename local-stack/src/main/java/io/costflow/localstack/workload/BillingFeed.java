package io.costflow.localstack.workload;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * How the generated billing arrives: one line per resource per {@code period}, published {@code
 * delay} after the period ends (billing exports lag), and for a share of the lines a restatement —
 * the same lineItemId again with a corrected cost — {@code restatementDelay} after the period ends.
 *
 * @param restatedShare the share of lines that are restated, 0..1
 * @param restatedCostFactor the corrected cost as a multiple of the first one, e.g. 0.92 for a
 *     credit of 8 % applied late
 */
public record BillingFeed(
        Duration period,
        Duration delay,
        Duration restatementDelay,
        double restatedShare,
        BigDecimal restatedCostFactor) {

    /** Hourly lines two hours late; one in ten restated a day later with an 8 % credit. */
    public static BillingFeed standard() {
        return new BillingFeed(
                Duration.ofHours(1),
                Duration.ofHours(2),
                Duration.ofDays(1),
                0.1,
                new BigDecimal("0.92"));
    }

    public BillingFeed {
        if (restatementDelay.compareTo(delay) <= 0) {
            throw new IllegalArgumentException(
                    "a restatement must arrive after the line it restates");
        }
    }
}

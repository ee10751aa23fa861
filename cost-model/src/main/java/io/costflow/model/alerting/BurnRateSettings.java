package io.costflow.model.alerting;

import io.costflow.schemas.AlertSeverity;
import java.time.Duration;
import java.util.List;

/**
 * The burn-rate rules and the period over which the error budget is counted. {@link #standard()} is
 * the SRE workbook's set; {@link #scaledBy(double)} shrinks every window (and the period) for tests
 * and demos that run in minutes instead of days.
 */
public record BurnRateSettings(Duration budgetPeriod, List<MultiWindowRule> rules) {

    public BurnRateSettings {
        rules = List.copyOf(rules);
        if (rules.isEmpty()) {
            throw new IllegalArgumentException("at least one rule is needed");
        }
    }

    /**
     * Page at 14.4× over 1 h and 5 min, page at 6× over 6 h and 30 min, ticket at 1× over 3 d and 6
     * h; 30-day period.
     */
    public static BurnRateSettings standard() {
        return new BurnRateSettings(
                Duration.ofDays(30),
                List.of(
                        new MultiWindowRule(
                                AlertSeverity.PAGE,
                                14.4,
                                Duration.ofHours(1),
                                Duration.ofMinutes(5)),
                        new MultiWindowRule(
                                AlertSeverity.PAGE, 6, Duration.ofHours(6), Duration.ofMinutes(30)),
                        new MultiWindowRule(
                                AlertSeverity.TICKET, 1, Duration.ofDays(3), Duration.ofHours(6))));
    }

    /**
     * Every window and the budget period multiplied by {@code factor} (e.g. 1/360 turns 1 h into 10
     * s).
     */
    public BurnRateSettings scaledBy(double factor) {
        return new BurnRateSettings(
                MultiWindowRule.scale(budgetPeriod, factor),
                rules.stream().map(r -> r.scaledBy(factor)).toList());
    }

    /**
     * The longest short window of the rules: once that long has passed without a sample, no rule
     * can hold.
     */
    public Duration longestShortWindow() {
        Duration longest = Duration.ZERO;
        for (MultiWindowRule r : rules) {
            if (r.shortWindow().compareTo(longest) > 0) {
                longest = r.shortWindow();
            }
        }
        return longest;
    }

    /** How far back an evaluation looks: the longer of the budget period and every long window. */
    public Duration lookback() {
        Duration longest = budgetPeriod;
        for (MultiWindowRule r : rules) {
            if (r.longWindow().compareTo(longest) > 0) {
                longest = r.longWindow();
            }
        }
        return longest;
    }
}

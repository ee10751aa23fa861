package io.costflow.model.alerting;

import io.costflow.schemas.AlertSeverity;
import java.time.Duration;

/**
 * One rule of the SRE workbook's multi-window, multi-burn-rate alert: it holds when the burn rate
 * reaches {@code burnRate} over both the long and the short window. The short window makes the
 * alert stop soon after the burn stops.
 */
public record MultiWindowRule(
        AlertSeverity severity, double burnRate, Duration longWindow, Duration shortWindow) {

    public MultiWindowRule {
        if (burnRate <= 0 || longWindow.compareTo(shortWindow) < 0 || shortWindow.isZero()) {
            throw new IllegalArgumentException("invalid rule: " + burnRate + " " + longWindow);
        }
    }

    /** The same rule with both windows multiplied by {@code factor}. */
    public MultiWindowRule scaledBy(double factor) {
        return new MultiWindowRule(
                severity, burnRate, scale(longWindow, factor), scale(shortWindow, factor));
    }

    static Duration scale(Duration d, double factor) {
        if (factor <= 0) {
            throw new IllegalArgumentException("time scale must be positive: " + factor);
        }
        return Duration.ofMillis(Math.max(1, Math.round(d.toMillis() * factor)));
    }
}

package io.costflow.model.alerting.anomaly;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * How far above its seasonal baseline a window's cost must be to be an anomaly: more than {@code
 * sensitivity} median absolute deviations (unscaled) and more than {@code absoluteFloor} above the
 * median of the same point in the last {@code seasonsKept} seasons; silent until {@code
 * minimumHistory} of those points exist.
 */
public record AnomalySettings(
        double sensitivity,
        BigDecimal absoluteFloor,
        int minimumHistory,
        int seasonsKept,
        Duration season) {

    public AnomalySettings {
        if (sensitivity <= 0 || absoluteFloor.signum() < 0 || minimumHistory < 1) {
            throw new IllegalArgumentException("invalid anomaly settings");
        }
        if (seasonsKept < minimumHistory || season.isNegative() || season.isZero()) {
            throw new IllegalArgumentException("must keep at least the minimum history");
        }
    }

    /** 5 MADs, at least 0.10 above the median, 3 to 8 weeks of same-hour-of-week history. */
    public static AnomalySettings defaults() {
        return new AnomalySettings(5, new BigDecimal("0.10"), 3, 8, Duration.ofDays(7));
    }
}

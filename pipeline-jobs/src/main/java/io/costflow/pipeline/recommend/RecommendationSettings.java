package io.costflow.pipeline.recommend;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * How the recommendation stage evaluates services (see the "Recommendations" block of {@code
 * PipelineOptions}).
 *
 * @param lookback how much event time of cost windows a service's profile is built from
 * @param materialChange share of the monthly savings a recommendation must move by to be re-emitted
 * @param region the price-catalog region of the services' instance types
 * @param catalogPath a price catalog CSV, or null for the bundled one
 * @param withdrawnRetention how long the withdrawn recommendations of a service that sends no
 *     windows are remembered, so that they reopen above the withdrawal's revision whatever the
 *     clock says
 */
public record RecommendationSettings(
        Duration lookback,
        double materialChange,
        String region,
        String catalogPath,
        Duration withdrawnRetention)
        implements Serializable {

    public RecommendationSettings {
        Objects.requireNonNull(lookback, "lookback");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(withdrawnRetention, "withdrawnRetention");
        if (lookback.isNegative() || lookback.isZero()) {
            throw new IllegalArgumentException("lookback must be positive, was " + lookback);
        }
        if (withdrawnRetention.isNegative()) {
            throw new IllegalArgumentException(
                    "withdrawnRetention must not be negative, was " + withdrawnRetention);
        }
        if (!(materialChange >= 0)) {
            throw new IllegalArgumentException(
                    "materialChange must not be negative, was " + materialChange);
        }
    }
}

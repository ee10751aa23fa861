package io.costflow.model.advice;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * How {@link RightsizingAdvisor} picks a type. The utilisation target, headroom and percentiles
 * come from the SLO model's policy, which judges every candidate.
 *
 * @param includeBurstable whether burstable types (CPU credits, e.g. t3) may be proposed to a
 *     service not already on one: their vCPUs are not a sustained capacity
 * @param minMonthlySavings the smallest list-price saving worth a recommendation
 */
public record RightsizingSettings(boolean includeBurstable, BigDecimal minMonthlySavings) {

    /** No burstable types, any saving. */
    public static final RightsizingSettings DEFAULT =
            new RightsizingSettings(false, BigDecimal.ZERO);

    public RightsizingSettings {
        Objects.requireNonNull(minMonthlySavings, "minMonthlySavings");
    }
}

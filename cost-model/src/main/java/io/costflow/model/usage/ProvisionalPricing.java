package io.costflow.model.usage;

import io.costflow.schemas.Decimals;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The provisional cost of resource time: hourly price x seconds / 3600, exact at the contract
 * scale.
 */
public final class ProvisionalPricing {

    private static final BigDecimal SECONDS_PER_HOUR = BigDecimal.valueOf(3600);

    private ProvisionalPricing() {}

    public static BigDecimal cost(BigDecimal hourlyPrice, long seconds) {
        return hourlyPrice
                .multiply(BigDecimal.valueOf(seconds))
                .divide(SECONDS_PER_HOUR, Decimals.SCALE, RoundingMode.HALF_EVEN);
    }
}

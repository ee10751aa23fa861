package io.costflow.model.simulation;

import io.costflow.model.catalog.InstanceType;
import io.costflow.schemas.Decimals;
import java.math.BigDecimal;

/**
 * Monthly compute cost of a deployment from catalog prices, exact in {@link BigDecimal}.
 *
 * <p>On demand, the effective price is the list price × the service's observed effective/billed
 * ratio (its discounts, e.g. savings plans); spot is bought at the catalog's indicative spot price
 * with no further discount, since commitments do not cover spot.
 */
public final class CostProjection {

    /** Hours in a month as the providers bill it: 365 × 24 / 12. */
    public static final BigDecimal HOURS_PER_MONTH = BigDecimal.valueOf(730);

    private CostProjection() {}

    /**
     * @param effectiveToListRatio the share of the on-demand list price actually paid
     */
    public static MonthlyCost monthly(
            InstanceType type,
            int replicas,
            PricingModel pricingModel,
            BigDecimal effectiveToListRatio) {
        BigDecimal hourly =
                pricingModel == PricingModel.SPOT ? type.spotHourly() : type.onDemandHourly();
        BigDecimal list = hourly.multiply(BigDecimal.valueOf(replicas)).multiply(HOURS_PER_MONTH);
        BigDecimal effective =
                pricingModel == PricingModel.SPOT ? list : list.multiply(effectiveToListRatio);
        return new MonthlyCost(Decimals.normalize(list), Decimals.normalize(effective));
    }
}

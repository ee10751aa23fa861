package io.costflow.model.simulation;

import io.costflow.schemas.Decimals;
import java.math.BigDecimal;

/**
 * A month of a deployment's compute, at list price and at the effective price the service pays.
 * Both at the contract scale ({@link Decimals#SCALE}).
 */
public record MonthlyCost(BigDecimal list, BigDecimal effective) {

    /** {@code this − other}, e.g. baseline minus projected = savings. */
    public MonthlyCost minus(MonthlyCost other) {
        return new MonthlyCost(list.subtract(other.list), effective.subtract(other.effective));
    }

    /** This cost over {@code months}. */
    public MonthlyCost times(int months) {
        BigDecimal m = BigDecimal.valueOf(months);
        return new MonthlyCost(
                Decimals.normalize(list.multiply(m)), Decimals.normalize(effective.multiply(m)));
    }
}

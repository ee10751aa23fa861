package io.costflow.schemas;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The scale every money and quantity field in the contracts is written with. Avro's decimal
 * encoding refuses a value whose scale differs from the schema's, so every value is normalised here
 * before it goes into a record.
 */
public final class Decimals {

    /** Digits after the decimal point of every {@code decimal} field in the .avsc files. */
    public static final int SCALE = 12;

    /** Zero at the contract scale. */
    public static final BigDecimal ZERO = BigDecimal.ZERO.setScale(SCALE);

    private Decimals() {}

    /**
     * Brings a value to the contract scale. Values with more digits are rounded half-even (banker's
     * rounding), which is what billing exports with 15+ decimal places need: no bias when summed.
     */
    public static BigDecimal normalize(BigDecimal value) {
        return value.setScale(SCALE, RoundingMode.HALF_EVEN);
    }

    /** Parses a plain decimal string at the contract scale. */
    public static BigDecimal of(String value) {
        return normalize(new BigDecimal(value));
    }
}

package io.costflow.model.money;

import io.costflow.schemas.Decimals;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Splits an amount into parts proportional to weights so that the parts add up to the amount
 * exactly, at the contract scale. Each part is first rounded down; the units left over go, one
 * each, to the parts whose rounding lost the most (largest remainder, ties to the earlier part).
 * Negative amounts (credits) are split like positive ones and keep their sign.
 */
public final class Apportionment {

    private Apportionment() {}

    /**
     * One window's share of a charge: the window, how much of the charge period lies in it, and its
     * part.
     */
    public record WindowShare(
            long windowStart, long windowEnd, long overlapMillis, BigDecimal amount) {}

    /**
     * Splits {@code amount} over the tumbling windows of {@code windowSizeMillis} (aligned to the
     * epoch) that the period {@code [start, end)} overlaps, in proportion to the overlap.
     */
    public static List<WindowShare> byOverlap(
            BigDecimal amount, long start, long end, long windowSizeMillis) {
        if (end <= start) {
            throw new IllegalArgumentException(
                    "period must end after it starts: " + start + ".." + end);
        }
        if (windowSizeMillis <= 0) {
            throw new IllegalArgumentException("window size must be positive");
        }
        List<long[]> windows = new ArrayList<>();
        long first = Math.floorDiv(start, windowSizeMillis) * windowSizeMillis;
        for (long w = first; w < end; w += windowSizeMillis) {
            long overlap = Math.min(end, w + windowSizeMillis) - Math.max(start, w);
            windows.add(new long[] {w, overlap});
        }
        long[] weights = windows.stream().mapToLong(w -> w[1]).toArray();
        List<BigDecimal> parts = byWeights(amount, weights);
        List<WindowShare> shares = new ArrayList<>(windows.size());
        for (int i = 0; i < windows.size(); i++) {
            long w = windows.get(i)[0];
            shares.add(new WindowShare(w, w + windowSizeMillis, weights[i], parts.get(i)));
        }
        return shares;
    }

    /** Splits {@code amount} in proportion to non-negative {@code weights} with a positive sum. */
    public static List<BigDecimal> byWeights(BigDecimal amount, long[] weights) {
        BigInteger totalWeight = BigInteger.ZERO;
        for (long w : weights) {
            if (w < 0) {
                throw new IllegalArgumentException("weights must not be negative");
            }
            totalWeight = totalWeight.add(BigInteger.valueOf(w));
        }
        if (totalWeight.signum() == 0) {
            throw new IllegalArgumentException("weights must not all be zero");
        }
        BigInteger units = Decimals.normalize(amount).unscaledValue();
        int sign = units.signum();
        BigInteger magnitude = units.abs();

        BigInteger[] floors = new BigInteger[weights.length];
        BigInteger[] remainders = new BigInteger[weights.length];
        BigInteger assigned = BigInteger.ZERO;
        for (int i = 0; i < weights.length; i++) {
            BigInteger[] qr =
                    magnitude
                            .multiply(BigInteger.valueOf(weights[i]))
                            .divideAndRemainder(totalWeight);
            floors[i] = qr[0];
            remainders[i] = qr[1];
            assigned = assigned.add(qr[0]);
        }
        int leftover = magnitude.subtract(assigned).intValueExact(); // < number of parts
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < weights.length; i++) {
            order.add(i);
        }
        order.sort(
                Comparator.comparing((Integer i) -> remainders[i])
                        .reversed()
                        .thenComparing(i -> i));
        for (int k = 0; k < leftover; k++) {
            int i = order.get(k);
            floors[i] = floors[i].add(BigInteger.ONE);
        }
        List<BigDecimal> parts = new ArrayList<>(weights.length);
        for (BigInteger part : floors) {
            parts.add(new BigDecimal(sign < 0 ? part.negate() : part, Decimals.SCALE));
        }
        return parts;
    }
}

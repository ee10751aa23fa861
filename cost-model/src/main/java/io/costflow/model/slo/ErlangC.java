package io.costflow.model.slo;

/**
 * The M/M/c queue: Erlang B and C, and the tail of the waiting time. Erlang C comes from the Erlang
 * B recursion rather than from the factorial sum, which overflows past a few hundred servers and
 * loses precision long before that.
 */
public final class ErlangC {

    private ErlangC() {}

    /**
     * The probability that an arrival finds all {@code servers} busy in a loss system (Erlang B).
     *
     * @param offeredLoad A = λ/μ in Erlangs
     */
    public static double erlangB(int servers, double offeredLoad) {
        requireValid(servers, offeredLoad);
        double b = 1.0;
        for (int k = 1; k <= servers; k++) {
            b = offeredLoad * b / (k + offeredLoad * b);
        }
        return b;
    }

    /**
     * The probability that an arrival has to wait in an M/M/c queue (Erlang C); 1 when the load
     * reaches the number of servers, since the queue then grows without bound.
     *
     * @param offeredLoad A = λ/μ in Erlangs
     */
    public static double erlangC(int servers, double offeredLoad) {
        requireValid(servers, offeredLoad);
        if (offeredLoad >= servers) {
            return 1.0;
        }
        double b = erlangB(servers, offeredLoad);
        return servers * b / (servers - offeredLoad * (1 - b));
    }

    /**
     * The {@code quantile} of the waiting time in queue, in seconds, from P(W &gt; t) =
     * C·e^{-(cμ-λ)t}; infinite when λ ≥ cμ.
     *
     * @param arrivalRate λ per second
     * @param serviceRate μ per second and server
     */
    public static double waitingTimeQuantile(
            int servers, double arrivalRate, double serviceRate, double quantile) {
        double drain = servers * serviceRate - arrivalRate;
        if (drain <= 0) {
            return Double.POSITIVE_INFINITY;
        }
        double waitProbability = erlangC(servers, arrivalRate / serviceRate);
        double tail = 1 - quantile;
        return waitProbability <= tail ? 0 : Math.log(waitProbability / tail) / drain;
    }

    private static void requireValid(int servers, double offeredLoad) {
        if (servers < 1) {
            throw new IllegalArgumentException("servers must be at least 1, was " + servers);
        }
        if (!(offeredLoad >= 0) || Double.isInfinite(offeredLoad)) {
            throw new IllegalArgumentException(
                    "offered load must be finite and not negative, was " + offeredLoad);
        }
    }
}

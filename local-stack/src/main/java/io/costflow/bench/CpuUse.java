package io.costflow.bench;

/**
 * CPU time, in nanoseconds, of the three processes in an API benchmark: the load generator (the
 * benchmark's JVM, which also runs the JDBC baselines), the API process and PostgreSQL (postmaster
 * and backends). Either a reading since each process started or the difference of two readings;
 * {@link #UNKNOWN} when any process could not be read, and anything computed from an unknown value
 * is unknown too.
 */
record CpuUse(long generator, long api, long postgres) {

    static final CpuUse NONE = new CpuUse(0, 0, 0);
    static final CpuUse UNKNOWN = new CpuUse(-1, -1, -1);

    boolean known() {
        return generator >= 0 && api >= 0 && postgres >= 0;
    }

    /** What was used between {@code earlier} and this reading. */
    CpuUse minus(CpuUse earlier) {
        if (!known() || !earlier.known()) {
            return UNKNOWN;
        }
        return new CpuUse(
                generator - earlier.generator, api - earlier.api, postgres - earlier.postgres);
    }

    CpuUse plus(CpuUse other) {
        if (!known() || !other.known()) {
            return UNKNOWN;
        }
        return new CpuUse(generator + other.generator, api + other.api, postgres + other.postgres);
    }

    /** "generator + API + PostgreSQL = total" in microseconds per request. */
    String perRequest(long requests) {
        double g = generator / 1e3 / requests;
        double a = api / 1e3 / requests;
        double p = postgres / 1e3 / requests;
        return String.format("%.0f + %.0f + %.0f = %.0f", g, a, p, g + a + p);
    }
}

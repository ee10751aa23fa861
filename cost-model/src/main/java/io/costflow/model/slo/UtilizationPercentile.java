package io.costflow.model.slo;

import java.util.Locale;

/** Which point of a utilisation distribution a rule looks at. */
public enum UtilizationPercentile {
    P50,
    P95,
    P99,
    MAX;

    /** How reasons and explanations spell it, e.g. {@code p95}. */
    public String label() {
        return this == MAX ? "max" : name().toLowerCase(Locale.ROOT);
    }
}

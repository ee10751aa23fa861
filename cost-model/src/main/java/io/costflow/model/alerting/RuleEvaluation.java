package io.costflow.model.alerting;

/** A rule's burn rates at one point in time and whether it holds. */
public record RuleEvaluation(MultiWindowRule rule, double longBurnRate, double shortBurnRate) {

    // 1 − 0.999 is not exact in binary, so a burn of exactly 14.4× can come out as 14.3999…
    private static final double TOLERANCE = 1e-9;

    /** Both windows burn at least at the rule's rate. */
    public boolean holds() {
        return reaches(longBurnRate) && reaches(shortBurnRate);
    }

    private boolean reaches(double burnRate) {
        return burnRate >= rule.burnRate() * (1 - TOLERANCE);
    }
}

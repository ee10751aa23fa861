package io.costflow.model.billing;

import java.util.List;

/**
 * What a new version of a line item changes. Billing keeps the latest version of each line item; a
 * restatement retracts the previous version in full and adds the new one, so totals always equal
 * the sum of the latest versions — even when the restatement moves the charge to another period or
 * service. The same version delivered twice changes nothing.
 */
public final class Restatements {

    private Restatements() {}

    /**
     * @param previous the version seen before, or null
     * @param current the version just received
     * @return the charges to add to the cost windows
     */
    public static List<AttributedCharge> deltas(
            AttributedCharge previous, AttributedCharge current) {
        if (previous == null) {
            return List.of(current);
        }
        if (current.version() < previous.version() || sameCharge(previous, current)) {
            return List.of();
        }
        return List.of(previous.retraction(), current.asCorrection());
    }

    /** The version to remember after {@code current}: never an older one. */
    public static AttributedCharge latest(AttributedCharge previous, AttributedCharge current) {
        return previous != null && current.version() < previous.version() ? previous : current;
    }

    /** Equal in everything that reaches the windows (a replayed duplicate). */
    private static boolean sameCharge(AttributedCharge a, AttributedCharge b) {
        return a.serviceId().equals(b.serviceId())
                && java.util.Objects.equals(a.resourceId(), b.resourceId())
                && a.chargeCategory().equals(b.chargeCategory())
                && a.chargePeriodStart() == b.chargePeriodStart()
                && a.chargePeriodEnd() == b.chargePeriodEnd()
                && a.billedCost().compareTo(b.billedCost()) == 0
                && a.effectiveCost().compareTo(b.effectiveCost()) == 0
                && a.listCost().compareTo(b.listCost()) == 0;
    }
}

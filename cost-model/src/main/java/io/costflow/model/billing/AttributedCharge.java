package io.costflow.model.billing;

import io.costflow.schemas.BillingLineItem;
import io.costflow.schemas.ChargeClass;
import java.math.BigDecimal;

/**
 * A billing line item with the service it is attributed to: what flows from attribution through
 * restatement into the cost windows. A negated copy retracts an earlier version of the same line.
 *
 * @param version orders the versions of one line item: later versions are higher (the billing
 *     record's position in its topic partition, which is one per line item id)
 * @param correction true for FOCUS {@code ChargeClass = Correction} rows and for the deltas of a
 *     restated line: both change a period that may already have been reported as billed
 */
public record AttributedCharge(
        String lineItemId,
        long version,
        String serviceId,
        String resourceId,
        String chargeCategory,
        boolean correction,
        long chargePeriodStart,
        long chargePeriodEnd,
        BigDecimal billedCost,
        BigDecimal effectiveCost,
        BigDecimal listCost) {

    /** The charge of version {@code version} of {@code line}, attributed to {@code serviceId}. */
    public static AttributedCharge of(BillingLineItem line, long version, String serviceId) {
        return new AttributedCharge(
                line.getLineItemId(),
                version,
                serviceId,
                line.getResourceId(),
                line.getChargeCategory().name(),
                line.getChargeClass() == ChargeClass.CORRECTION,
                line.getChargePeriodStart().toEpochMilli(),
                line.getChargePeriodEnd().toEpochMilli(),
                line.getBilledCost(),
                line.getEffectiveCost(),
                line.getListCost());
    }

    /** The same charge with every amount negated and marked as a correction: a retraction. */
    public AttributedCharge retraction() {
        return copy(
                true,
                chargePeriodStart,
                chargePeriodEnd,
                billedCost.negate(),
                effectiveCost.negate(),
                listCost.negate());
    }

    /** The same charge marked as a correction. */
    public AttributedCharge asCorrection() {
        return copy(true, chargePeriodStart, chargePeriodEnd, billedCost, effectiveCost, listCost);
    }

    /** The same charge with other amounts and period (a window's share of it). */
    public AttributedCharge withShare(
            long start, long end, BigDecimal billed, BigDecimal effective, BigDecimal list) {
        return copy(correction, start, end, billed, effective, list);
    }

    /** This line item's identity and attribution with other flags, period and amounts. */
    private AttributedCharge copy(
            boolean isCorrection,
            long start,
            long end,
            BigDecimal billed,
            BigDecimal effective,
            BigDecimal list) {
        return new AttributedCharge(
                lineItemId,
                version,
                serviceId,
                resourceId,
                chargeCategory,
                isCorrection,
                start,
                end,
                billed,
                effective,
                list);
    }
}

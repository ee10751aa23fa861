package io.costflow.model.billing;

import io.costflow.schemas.Decimals;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

/**
 * What billing says about one service's window: billed, effective and list cost, by FOCUS charge
 * category and by resource, how many charges made it, and whether any of them was a correction.
 */
public final class BillingTotals {

    private BigDecimal billedCost = Decimals.ZERO;
    private BigDecimal effectiveCost = Decimals.ZERO;
    private BigDecimal listCost = Decimals.ZERO;
    private Map<String, BigDecimal> billedByCategory = new HashMap<>();
    private Map<String, BigDecimal> billedByResource = new HashMap<>();
    private long charges;
    private long corrections;

    /** Adds one charge (or a window's share of one). */
    public BillingTotals add(AttributedCharge c) {
        billedCost = billedCost.add(c.billedCost());
        effectiveCost = effectiveCost.add(c.effectiveCost());
        listCost = listCost.add(c.listCost());
        billedByCategory.merge(c.chargeCategory(), c.billedCost(), BigDecimal::add);
        if (c.resourceId() != null) {
            billedByResource.merge(c.resourceId(), c.billedCost(), BigDecimal::add);
        }
        charges++;
        if (c.correction()) {
            corrections++;
        }
        return this;
    }

    public BillingTotals merge(BillingTotals other) {
        billedCost = billedCost.add(other.billedCost);
        effectiveCost = effectiveCost.add(other.effectiveCost);
        listCost = listCost.add(other.listCost);
        other.billedByCategory.forEach((k, v) -> billedByCategory.merge(k, v, BigDecimal::add));
        other.billedByResource.forEach((k, v) -> billedByResource.merge(k, v, BigDecimal::add));
        charges += other.charges;
        corrections += other.corrections;
        return this;
    }

    public BigDecimal getBilledCost() {
        return billedCost;
    }

    public void setBilledCost(BigDecimal billedCost) {
        this.billedCost = billedCost;
    }

    public BigDecimal getEffectiveCost() {
        return effectiveCost;
    }

    public void setEffectiveCost(BigDecimal effectiveCost) {
        this.effectiveCost = effectiveCost;
    }

    public BigDecimal getListCost() {
        return listCost;
    }

    public void setListCost(BigDecimal listCost) {
        this.listCost = listCost;
    }

    public Map<String, BigDecimal> getBilledByCategory() {
        return billedByCategory;
    }

    public void setBilledByCategory(Map<String, BigDecimal> billedByCategory) {
        this.billedByCategory = billedByCategory;
    }

    public Map<String, BigDecimal> getBilledByResource() {
        return billedByResource;
    }

    public void setBilledByResource(Map<String, BigDecimal> billedByResource) {
        this.billedByResource = billedByResource;
    }

    public long getCharges() {
        return charges;
    }

    public void setCharges(long charges) {
        this.charges = charges;
    }

    public long getCorrections() {
        return corrections;
    }

    public void setCorrections(long corrections) {
        this.corrections = corrections;
    }
}

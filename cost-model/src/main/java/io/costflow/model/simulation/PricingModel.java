package io.costflow.model.simulation;

/** How instance hours are bought. */
public enum PricingModel {
    ON_DEMAND,
    /** Interruptible spare capacity at the catalog's indicative spot price. */
    SPOT
}

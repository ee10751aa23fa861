package io.costflow.model.simulation;

import io.costflow.model.catalog.InstanceType;
import io.costflow.model.slo.Deployment;
import java.util.Objects;

/**
 * A what-if for one service: run it as {@code replicas} × {@code instanceType} bought as {@code
 * pricingModel}, under {@code trafficMultiplier} × today's traffic, for {@code horizonMonths}.
 *
 * @param name what the scenario is, for people, e.g. "one size down"
 */
public record Scenario(
        String name,
        InstanceType instanceType,
        int replicas,
        PricingModel pricingModel,
        double trafficMultiplier,
        int horizonMonths) {

    public Scenario {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pricingModel, "pricingModel");
        if (horizonMonths < 1) {
            throw new IllegalArgumentException(
                    "horizonMonths must be at least 1, was " + horizonMonths);
        }
        // Validates instance type, replicas and traffic the same way the SLO model will see them.
        new Deployment(instanceType, replicas, trafficMultiplier);
    }

    /** What the SLO model assesses. */
    public Deployment deployment() {
        return new Deployment(instanceType, replicas, trafficMultiplier);
    }
}

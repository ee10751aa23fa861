package io.costflow.model.slo;

import io.costflow.model.catalog.InstanceType;
import java.util.Objects;

/**
 * A way to run a service that the SLO model can assess: which instance type, how many replicas, and
 * how much of today's traffic it receives.
 *
 * @param replicas 0 means the service is removed
 * @param trafficMultiplier 1 for today's traffic, 2 for twice as much, 0 for none
 */
public record Deployment(InstanceType instanceType, int replicas, double trafficMultiplier) {

    public Deployment {
        Objects.requireNonNull(instanceType, "instanceType");
        if (replicas < 0) {
            throw new IllegalArgumentException("replicas must not be negative, was " + replicas);
        }
        if (!(trafficMultiplier >= 0) || Double.isInfinite(trafficMultiplier)) {
            throw new IllegalArgumentException(
                    "trafficMultiplier must be finite and not negative, was " + trafficMultiplier);
        }
    }
}

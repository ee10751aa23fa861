package io.costflow.model.slo;

import java.util.List;
import java.util.OptionalDouble;

/**
 * What the SLO model predicts for one deployment of one service, and whether every SLO holds.
 *
 * @param utilization projected CPU utilisation per replica at the policy's percentile; infinite
 *     when no replica is left to serve traffic
 * @param memoryUtilization projected memory utilisation, when telemetry reports memory
 * @param p99LatencyMs projected p99 latency; infinite when the queue grows without bound, 0 when no
 *     traffic is left
 * @param breaches one plain reason per SLO that does not hold; empty when all hold
 * @param assumptions what the prediction rests on, to show with it
 */
public record SloPrediction(
        double utilization,
        OptionalDouble memoryUtilization,
        double p99LatencyMs,
        List<String> breaches,
        List<String> assumptions) {

    public SloPrediction {
        breaches = List.copyOf(breaches);
        assumptions = List.copyOf(assumptions);
    }

    /** True when every SLO holds with the policy's headroom. */
    public boolean holds() {
        return breaches.isEmpty();
    }

    /** "SLOs hold" or the breaches, joined: a verdict for a human. */
    public String verdict() {
        return holds() ? "SLOs hold" : String.join("; ", breaches);
    }
}

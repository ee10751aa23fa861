package io.costflow.model.alerting.slo;

import io.costflow.schemas.ServiceConfig;
import io.costflow.schemas.ServiceCostWindow;
import io.costflow.schemas.SloKind;
import java.util.List;

/** One SLO of a service: its kind, target share of good events and (for latency) threshold. */
public record SloObjective(SloKind kind, double target, double latencyThresholdMs) {

    public SloObjective {
        if (!(target > 0 && target < 1)) {
            throw new IllegalArgumentException("SLO target must be in (0, 1): " + target);
        }
    }

    /** The availability and latency SLOs of a service's configuration. */
    public static List<SloObjective> of(ServiceConfig config) {
        return List.of(
                new SloObjective(SloKind.AVAILABILITY, config.getAvailabilityTarget(), 0),
                new SloObjective(
                        SloKind.LATENCY,
                        config.getLatencyTarget(),
                        config.getLatencyThresholdMs()));
    }

    /** This SLO's good and total events in a cost window. */
    public SloSample sample(ServiceCostWindow w) {
        return kind == SloKind.AVAILABILITY
                ? SloSample.availability(w)
                : SloSample.latency(w, latencyThresholdMs);
    }
}

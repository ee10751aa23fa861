package io.costflow.api.simulation;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.costflow.model.slo.ServiceProfile;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * What the model knows about a service today: the baseline every simulation compares with.
 *
 * @param cpuP95 p95 CPU utilisation across the lookback's windows; null without CPU telemetry
 * @param coverage the share of the lookback's windows that had data, 0..1
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ProfileView(
        String instanceType,
        int replicas,
        String currency,
        double arrivalRatePerSecond,
        @Nullable Double cpuP95,
        @Nullable Double observedP99LatencyMs,
        double latencyThresholdMs,
        String effectiveToListRatio,
        int windowsPresent,
        int windowsExpected,
        double coverage) {

    public static ProfileView of(ServiceProfile p) {
        return new ProfileView(
                p.instanceType().name(),
                p.replicas(),
                p.currency(),
                p.arrivalRatePerSecond(),
                SimulationView.finite(p.cpu().p95()),
                p.observedP99LatencyMs().isPresent()
                        ? p.observedP99LatencyMs().getAsDouble()
                        : null,
                p.latencyThresholdMs(),
                p.effectiveToListRatio().toPlainString(),
                p.windowsPresent(),
                p.windowsExpected(),
                p.coverage());
    }
}

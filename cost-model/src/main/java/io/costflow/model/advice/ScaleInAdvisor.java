package io.costflow.model.advice;

import io.costflow.model.simulation.PricingModel;
import io.costflow.model.simulation.Scenario;
import io.costflow.model.simulation.SimulationResult;
import io.costflow.model.simulation.Simulator;
import io.costflow.model.slo.ServiceProfile;
import io.costflow.schemas.RecommendationKind;

/**
 * Proposes the fewest replicas (not under {@link ScaleInSettings#minReplicas}) of the same type the
 * SLO model accepts. Fewer replicas never predict better latency or utilisation, so the search
 * stops at the first rejection; if even one replica fewer is rejected, that is recorded.
 */
public final class ScaleInAdvisor implements Advisor {

    private final Simulator simulator;
    private final ScaleInSettings settings;

    public ScaleInAdvisor(Simulator simulator, ScaleInSettings settings) {
        this.simulator = simulator;
        this.settings = settings;
    }

    @Override
    public AdvisorOutcome advise(ServiceProfile profile) {
        SimulationResult accepted = null;
        for (int replicas = profile.replicas() - 1;
                replicas >= settings.minReplicas();
                replicas--) {
            SimulationResult result = simulate(profile, replicas);
            if (!result.prediction().holds()) {
                if (accepted == null) {
                    return AdvisorOutcome.of(
                            Candidates.reject(profile, RecommendationKind.SCALE_IN, result));
                }
                break;
            }
            accepted = result;
        }
        if (accepted == null) {
            return AdvisorOutcome.NONE;
        }
        return Candidates.judge(
                profile,
                RecommendationKind.SCALE_IN,
                "CPU utilisation of "
                        + profile.replicas()
                        + " replicas is "
                        + Candidates.cpuAtPolicyPercentile(simulator, profile),
                accepted);
    }

    private SimulationResult simulate(ServiceProfile profile, int replicas) {
        return simulator.simulate(
                profile,
                new Scenario(
                        "scale in to " + replicas + " replicas",
                        profile.instanceType(),
                        replicas,
                        PricingModel.ON_DEMAND,
                        1,
                        Candidates.HORIZON_MONTHS));
    }
}

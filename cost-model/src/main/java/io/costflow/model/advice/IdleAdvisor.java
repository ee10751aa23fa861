package io.costflow.model.advice;

import io.costflow.model.simulation.PricingModel;
import io.costflow.model.simulation.Scenario;
import io.costflow.model.simulation.SimulationResult;
import io.costflow.model.simulation.Simulator;
import io.costflow.model.slo.ServiceProfile;
import io.costflow.schemas.RecommendationKind;
import java.util.Locale;

/**
 * Proposes removing a service that does nothing (see {@link IdleSettings}). The scenario has no
 * replicas and no traffic: the few remaining requests are taken to be health checks or stray
 * callers, which the rationale states.
 */
public final class IdleAdvisor implements Advisor {

    private final Simulator simulator;
    private final IdleSettings settings;

    public IdleAdvisor(Simulator simulator, IdleSettings settings) {
        this.simulator = simulator;
        this.settings = settings;
    }

    @Override
    public AdvisorOutcome advise(ServiceProfile profile) {
        double cpu = profile.cpu().at(settings.cpuPercentile());
        // Negated so that NaN (no CPU telemetry) never looks idle.
        if (!(cpu < settings.maxCpu())
                || profile.arrivalRatePerSecond() > settings.maxRequestsPerSecond()) {
            return AdvisorOutcome.NONE;
        }
        SimulationResult result =
                simulator.simulate(
                        profile,
                        new Scenario(
                                "remove idle service",
                                profile.instanceType(),
                                0,
                                PricingModel.ON_DEMAND,
                                0,
                                Candidates.HORIZON_MONTHS));
        String rationale =
                String.format(
                        Locale.ROOT,
                        "idle: %s CPU %s and %.4f req/s over the lookback, taken to be health"
                                + " checks",
                        settings.cpuPercentile().label(),
                        Candidates.percent(cpu),
                        profile.arrivalRatePerSecond());
        return Candidates.judge(profile, RecommendationKind.IDLE, rationale, result);
    }
}

package io.costflow.model.advice;

import io.costflow.model.simulation.PricingModel;
import io.costflow.model.simulation.Scenario;
import io.costflow.model.simulation.SimulationResult;
import io.costflow.model.simulation.Simulator;
import io.costflow.model.slo.ServiceProfile;
import io.costflow.schemas.RecommendationKind;
import java.util.Locale;

/**
 * Proposes buying the same deployment as spot capacity, at the catalog's indicative spot price,
 * where usage is steady (see {@link SpotSettings}); the SLO model still judges today's load.
 */
public final class PricingModelAdvisor implements Advisor {

    private final Simulator simulator;
    private final SpotSettings settings;

    public PricingModelAdvisor(Simulator simulator, SpotSettings settings) {
        this.simulator = simulator;
        this.settings = settings;
    }

    @Override
    public AdvisorOutcome advise(ServiceProfile profile) {
        if (profile.requestRateVariation() > settings.maxRequestRateVariation()
                || profile.coverage() < settings.minCoverage()
                || profile.replicas() < settings.minReplicas()) {
            return AdvisorOutcome.NONE;
        }
        SimulationResult result =
                simulator.simulate(
                        profile,
                        new Scenario(
                                "switch to spot",
                                profile.instanceType(),
                                profile.replicas(),
                                PricingModel.SPOT,
                                1,
                                Candidates.HORIZON_MONTHS));
        if (!Candidates.saves(result)) {
            return AdvisorOutcome.NONE;
        }
        String rationale =
                String.format(
                        Locale.ROOT,
                        "steady usage: request rate varies by %s across the lookback, %d replicas"
                                + " ride out an interruption",
                        Candidates.percent(profile.requestRateVariation()),
                        profile.replicas());
        return Candidates.judge(profile, RecommendationKind.PRICING_MODEL, rationale, result);
    }
}

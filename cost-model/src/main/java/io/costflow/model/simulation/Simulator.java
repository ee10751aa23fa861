package io.costflow.model.simulation;

import io.costflow.model.slo.ServiceProfile;
import io.costflow.model.slo.SloModel;
import io.costflow.model.slo.SloPolicy;
import io.costflow.model.slo.SloPrediction;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;

/**
 * Prices a scenario and asks the SLO model about it. The advisors go through {@link #simulate} too,
 * so a recommendation and a simulation of the same change agree to the last digit.
 *
 * <p>The baseline is today's deployment (instance type and replicas from the profile) bought on
 * demand.
 */
public final class Simulator {

    private final SloModel sloModel;

    public Simulator(SloModel sloModel) {
        this.sloModel = sloModel;
    }

    /** The policy the SLO model judges with. */
    public SloPolicy sloPolicy() {
        return sloModel.policy();
    }

    public SimulationResult simulate(ServiceProfile profile, Scenario scenario) {
        MonthlyCost baseline =
                CostProjection.monthly(
                        profile.instanceType(),
                        profile.replicas(),
                        PricingModel.ON_DEMAND,
                        profile.effectiveToListRatio());
        MonthlyCost projected =
                CostProjection.monthly(
                        scenario.instanceType(),
                        scenario.replicas(),
                        scenario.pricingModel(),
                        profile.effectiveToListRatio());
        MonthlyCost savings = baseline.minus(projected);
        SloPrediction prediction = sloModel.predict(profile, scenario.deployment());
        return new SimulationResult(
                scenario,
                baseline,
                projected,
                savings,
                savings.times(scenario.horizonMonths()),
                prediction,
                explain(profile, scenario, savings, prediction));
    }

    /** Simulates each scenario, in order. */
    public List<SimulationResult> simulateAll(ServiceProfile profile, List<Scenario> scenarios) {
        return scenarios.stream().map(s -> simulate(profile, s)).toList();
    }

    private static String explain(
            ServiceProfile profile,
            Scenario scenario,
            MonthlyCost savings,
            SloPrediction prediction) {
        String traffic =
                scenario.trafficMultiplier() == 1
                        ? ""
                        : String.format(
                                Locale.ROOT,
                                " at %s× today's traffic",
                                scenario.trafficMultiplier());
        String money =
                savings.list().signum() >= 0
                        ? "saves %s %s a month at list price (%s effective)"
                        : "costs %s %s more a month at list price (%s effective)";
        return String.format(
                Locale.ROOT,
                "%s: %d × %s %s → %d × %s %s%s %s; predicted CPU utilisation %.0f %%, p99 %.0f ms;"
                        + " %s.",
                scenario.name(),
                profile.replicas(),
                profile.instanceType().name(),
                PricingModel.ON_DEMAND,
                scenario.replicas(),
                scenario.instanceType().name(),
                scenario.pricingModel(),
                traffic,
                String.format(
                        Locale.ROOT,
                        money,
                        savings.list().abs().setScale(2, RoundingMode.HALF_EVEN),
                        profile.currency(),
                        savings.effective().abs().setScale(2, RoundingMode.HALF_EVEN)),
                prediction.utilization() * 100,
                prediction.p99LatencyMs(),
                prediction.verdict());
    }
}

package io.costflow.model.advice;

import io.costflow.model.catalog.InstanceCategory;
import io.costflow.model.catalog.InstanceType;
import io.costflow.model.catalog.PriceCatalog;
import io.costflow.model.simulation.PricingModel;
import io.costflow.model.simulation.Scenario;
import io.costflow.model.simulation.SimulationResult;
import io.costflow.model.simulation.Simulator;
import io.costflow.model.slo.ServiceProfile;
import io.costflow.schemas.RecommendationKind;
import java.util.Comparator;
import java.util.List;

/**
 * Proposes the cheapest instance type in the service's region, at the same replica count, that the
 * SLO model accepts (projected utilisation under the target with headroom, p99 under the SLO). When
 * every cheaper type is rejected, the rejection of the most expensive of them — the gentlest step
 * down — is recorded.
 */
public final class RightsizingAdvisor implements Advisor {

    private final PriceCatalog catalog;
    private final Simulator simulator;
    private final RightsizingSettings settings;

    public RightsizingAdvisor(
            PriceCatalog catalog, Simulator simulator, RightsizingSettings settings) {
        this.catalog = catalog;
        this.simulator = simulator;
        this.settings = settings;
    }

    @Override
    public AdvisorOutcome advise(ServiceProfile profile) {
        InstanceType current = profile.instanceType();
        List<InstanceType> cheaper =
                catalog.inRegion(current.region()).stream()
                        .filter(t -> t.onDemandHourly().compareTo(current.onDemandHourly()) < 0)
                        .filter(t -> allowed(current, t))
                        .sorted(
                                Comparator.comparing(InstanceType::onDemandHourly)
                                        .thenComparing(InstanceType.BY_SIZE))
                        .toList();
        SimulationResult gentlest = null;
        for (InstanceType candidate : cheaper) {
            SimulationResult result =
                    simulator.simulate(
                            profile,
                            new Scenario(
                                    "rightsize to " + candidate.name(),
                                    candidate,
                                    profile.replicas(),
                                    PricingModel.ON_DEMAND,
                                    1,
                                    Candidates.HORIZON_MONTHS));
            if (result.prediction().holds()
                    && result.monthlySavings().list().compareTo(settings.minMonthlySavings())
                            >= 0) {
                return Candidates.judge(
                        profile, RecommendationKind.RIGHTSIZE, rationale(profile), result);
            }
            gentlest = result;
        }
        return gentlest == null || gentlest.prediction().holds()
                ? AdvisorOutcome.NONE
                : AdvisorOutcome.of(
                        Candidates.reject(profile, RecommendationKind.RIGHTSIZE, gentlest));
    }

    private boolean allowed(InstanceType current, InstanceType candidate) {
        return settings.includeBurstable()
                || candidate.category() != InstanceCategory.BURSTABLE
                || current.category() == InstanceCategory.BURSTABLE;
    }

    private String rationale(ServiceProfile profile) {
        return "CPU utilisation of "
                + profile.replicas()
                + " × "
                + profile.instanceType().name()
                + " is "
                + Candidates.cpuAtPolicyPercentile(simulator, profile);
    }
}

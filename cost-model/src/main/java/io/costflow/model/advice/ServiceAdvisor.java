package io.costflow.model.advice;

import io.costflow.model.catalog.PriceCatalog;
import io.costflow.model.simulation.Simulator;
import io.costflow.model.slo.ServiceProfile;
import java.util.List;

/**
 * Runs every advisor on a service. An idle service gets only the idle advice: resizing something
 * that should be removed is noise.
 */
public final class ServiceAdvisor implements Advisor {

    private final IdleAdvisor idle;
    private final List<Advisor> others;

    public ServiceAdvisor(
            IdleAdvisor idle,
            RightsizingAdvisor rightsizing,
            ScaleInAdvisor scaleIn,
            PricingModelAdvisor pricingModel) {
        this.idle = idle;
        this.others = List.of(rightsizing, scaleIn, pricingModel);
    }

    /** Every advisor with its default settings. */
    public static ServiceAdvisor withDefaults(PriceCatalog catalog, Simulator simulator) {
        return new ServiceAdvisor(
                new IdleAdvisor(simulator, IdleSettings.DEFAULT),
                new RightsizingAdvisor(catalog, simulator, RightsizingSettings.DEFAULT),
                new ScaleInAdvisor(simulator, ScaleInSettings.DEFAULT),
                new PricingModelAdvisor(simulator, SpotSettings.DEFAULT));
    }

    @Override
    public AdvisorOutcome advise(ServiceProfile profile) {
        AdvisorOutcome idleOutcome = idle.advise(profile);
        if (!idleOutcome.recommendations().isEmpty()) {
            return idleOutcome;
        }
        AdvisorOutcome outcome = idleOutcome;
        for (Advisor advisor : others) {
            outcome = outcome.plus(advisor.advise(profile));
        }
        return outcome;
    }
}

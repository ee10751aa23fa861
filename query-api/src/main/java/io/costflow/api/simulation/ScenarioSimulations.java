package io.costflow.api.simulation;

import io.costflow.api.problem.InvalidParam;
import io.costflow.api.problem.ProblemException;
import io.costflow.api.profile.ServiceProfiles;
import io.costflow.model.catalog.InstanceType;
import io.costflow.model.catalog.PriceCatalog;
import io.costflow.model.simulation.PricingModel;
import io.costflow.model.simulation.Scenario;
import io.costflow.model.simulation.Simulator;
import io.costflow.model.slo.ServiceProfile;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.function.Function;

/**
 * Turns a simulate request into a cost-model {@link Scenario} for the service's profile and runs it
 * through the {@link Simulator} the pipeline's advisors use. Blocking.
 */
@Singleton
class ScenarioSimulations {

    static final String TEMPLATE_NOT_APPLICABLE = "urn:costflow:problem:template-not-applicable";

    private final ServiceProfiles profiles;
    private final PriceCatalog catalog;
    private final Simulator simulator;

    ScenarioSimulations(ServiceProfiles profiles, PriceCatalog catalog, Simulator simulator) {
        this.profiles = profiles;
        this.catalog = catalog;
        this.simulator = simulator;
    }

    SimulationResponse simulate(SimulationRequest request) {
        return simulate(request, profiles::load);
    }

    /**
     * @param profileOf where the service's profile comes from, e.g. a batch's cache
     * @throws ProblemException 400 for a template mixed with explicit fields or an instance type
     *     the catalog lacks, 404/409 for a service that cannot be profiled, 409 for a template that
     *     does not apply
     */
    SimulationResponse simulate(
            SimulationRequest request, Function<String, ServiceProfile> profileOf) {
        if (request.template() != null && request.hasExplicitFields()) {
            throw ProblemException.invalidParams(
                    List.of(
                            new InvalidParam(
                                    "template",
                                    request.template().name(),
                                    "must not be combined with instanceType, replicas,"
                                            + " pricingModel or trafficMultiplier")));
        }
        InstanceType requestedType =
                request.instanceType() == null
                        ? null
                        : profiles.instanceType(request.instanceType())
                                .orElseThrow(
                                        () ->
                                                ProblemException.invalidParams(
                                                        List.of(
                                                                new InvalidParam(
                                                                        "instanceType",
                                                                        request.instanceType(),
                                                                        "is not in the price"
                                                                                + " catalog for"
                                                                                + " region "
                                                                                + profiles
                                                                                        .region()))));
        ServiceProfile profile = profileOf.apply(request.serviceId());
        Scenario scenario =
                request.template() == null
                        ? new Scenario(
                                "what-if",
                                requestedType == null ? profile.instanceType() : requestedType,
                                request.replicas() == null
                                        ? profile.replicas()
                                        : request.replicas().intValueExact(),
                                request.pricingModel() == null
                                        ? PricingModel.ON_DEMAND
                                        : request.pricingModel(),
                                request.trafficMultiplier() == null
                                        ? 1
                                        : request.trafficMultiplier(),
                                request.horizon())
                        : request.template()
                                .apply(profile, catalog, request.horizon())
                                .orElseThrow(
                                        () ->
                                                ProblemException.conflict(
                                                        TEMPLATE_NOT_APPLICABLE,
                                                        "Template does not apply",
                                                        "Template "
                                                                + request.template().name()
                                                                + " ("
                                                                + request.template().label()
                                                                + ") does not apply to '"
                                                                + request.serviceId()
                                                                + "' on "
                                                                + profile.replicas()
                                                                + " × "
                                                                + profile.instanceType().name()
                                                                + ": there is no such neighbour"
                                                                + " size or replica count."));
        return new SimulationResponse(
                profile.serviceId(),
                ProfileView.of(profile),
                SimulationView.of(simulator.simulate(profile, scenario)));
    }
}

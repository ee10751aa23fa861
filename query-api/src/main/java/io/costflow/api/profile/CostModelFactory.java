package io.costflow.api.profile;

import io.costflow.model.advice.ServiceAdvisor;
import io.costflow.model.catalog.PriceCatalog;
import io.costflow.model.simulation.Simulator;
import io.costflow.model.slo.SloModel;
import io.costflow.model.slo.SloPolicy;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/**
 * The cost model's catalog, simulator and advisors as beans: the same classes, settings and
 * defaults the pipeline's recommendation job uses, so the API's figures match the pipeline's.
 */
@Factory
class CostModelFactory {

    @Singleton
    PriceCatalog priceCatalog() {
        return PriceCatalog.bundled();
    }

    @Singleton
    Simulator simulator() {
        return new Simulator(new SloModel(SloPolicy.DEFAULT));
    }

    @Singleton
    ServiceAdvisor serviceAdvisor(PriceCatalog catalog, Simulator simulator) {
        return ServiceAdvisor.withDefaults(catalog, simulator);
    }
}

package io.costflow.model.simulation;

import io.costflow.model.catalog.InstanceType;
import io.costflow.model.catalog.PriceCatalog;
import io.costflow.model.slo.ServiceProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Named what-ifs that build a {@link Scenario} from a service's profile and the catalog. */
public enum ScenarioTemplate {
    ONE_SIZE_DOWN("one size down"),
    ONE_SIZE_UP("one size up"),
    ONE_REPLICA_FEWER("one replica fewer"),
    ONE_REPLICA_MORE("one replica more"),
    SWITCH_TO_SPOT("switch to spot"),
    TRAFFIC_X2("traffic ×2");

    private final String label;

    ScenarioTemplate(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /**
     * The scenario, or empty when the template does not apply (no smaller size in the family, a
     * single replica, ...).
     */
    public Optional<Scenario> apply(
            ServiceProfile profile, PriceCatalog catalog, int horizonMonths) {
        InstanceType type = profile.instanceType();
        int replicas = profile.replicas();
        return switch (this) {
            case ONE_SIZE_DOWN ->
                    neighbour(catalog, type, -1)
                            .map(
                                    t ->
                                            scenario(
                                                    t,
                                                    replicas,
                                                    PricingModel.ON_DEMAND,
                                                    1,
                                                    horizonMonths));
            case ONE_SIZE_UP ->
                    neighbour(catalog, type, +1)
                            .map(
                                    t ->
                                            scenario(
                                                    t,
                                                    replicas,
                                                    PricingModel.ON_DEMAND,
                                                    1,
                                                    horizonMonths));
            case ONE_REPLICA_FEWER ->
                    replicas < 2
                            ? Optional.empty()
                            : Optional.of(
                                    scenario(
                                            type,
                                            replicas - 1,
                                            PricingModel.ON_DEMAND,
                                            1,
                                            horizonMonths));
            case ONE_REPLICA_MORE ->
                    Optional.of(
                            scenario(type, replicas + 1, PricingModel.ON_DEMAND, 1, horizonMonths));
            case SWITCH_TO_SPOT ->
                    Optional.of(scenario(type, replicas, PricingModel.SPOT, 1, horizonMonths));
            case TRAFFIC_X2 ->
                    Optional.of(scenario(type, replicas, PricingModel.ON_DEMAND, 2, horizonMonths));
        };
    }

    /** Every template that applies, in declaration order. */
    public static List<Scenario> all(
            ServiceProfile profile, PriceCatalog catalog, int horizonMonths) {
        List<Scenario> scenarios = new ArrayList<>();
        for (ScenarioTemplate t : values()) {
            t.apply(profile, catalog, horizonMonths).ifPresent(scenarios::add);
        }
        return scenarios;
    }

    private Scenario scenario(
            InstanceType type, int replicas, PricingModel pricing, double traffic, int months) {
        return new Scenario(label, type, replicas, pricing, traffic, months);
    }

    private static Optional<InstanceType> neighbour(
            PriceCatalog catalog, InstanceType type, int step) {
        List<InstanceType> sizes = catalog.family(type.region(), type.family());
        int at = sizes.indexOf(type);
        int next = at + step;
        return at < 0 || next < 0 || next >= sizes.size()
                ? Optional.empty()
                : Optional.of(sizes.get(next));
    }
}

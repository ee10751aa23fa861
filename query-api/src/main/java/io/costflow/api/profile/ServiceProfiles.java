package io.costflow.api.profile;

import io.costflow.api.problem.ProblemException;
import io.costflow.model.catalog.InstanceType;
import io.costflow.model.catalog.PriceCatalog;
import io.costflow.model.slo.ServiceProfile;
import io.costflow.schemas.ServiceConfig;
import io.costflow.schemas.ServiceCostWindow;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;

/**
 * Builds a service's {@link ServiceProfile} now, from its config and recent cost windows in
 * PostgreSQL, with cost-model's {@link ServiceProfile#from}: the same summary the pipeline's
 * advisors work from. Blocking.
 */
@Singleton
public class ServiceProfiles {

    public static final String UNKNOWN_SERVICE = "urn:costflow:problem:unknown-service";
    public static final String NO_COST_WINDOWS = "urn:costflow:problem:no-cost-windows";
    public static final String UNPRICED_INSTANCE_TYPE =
            "urn:costflow:problem:unpriced-instance-type";

    private final ProfileRepository repository;
    private final PriceCatalog catalog;
    private final SimulationConfiguration config;

    ServiceProfiles(
            ProfileRepository repository, PriceCatalog catalog, SimulationConfiguration config) {
        this.repository = repository;
        this.catalog = catalog;
        this.config = config;
    }

    /**
     * The service's profile.
     *
     * @throws ProblemException 404 when the service has no config, 409 when it has no cost windows
     *     or its instance type is not in the catalog
     */
    public ServiceProfile load(String serviceId) {
        ProfileRepository.StoredConfig stored =
                repository
                        .config(serviceId)
                        .orElseThrow(
                                () ->
                                        ProblemException.notFound(
                                                UNKNOWN_SERVICE,
                                                "Unknown service",
                                                "Service '"
                                                        + serviceId
                                                        + "' has no config; its instance type and"
                                                        + " replicas are needed to model it."));
        ServiceConfig serviceConfig = stored.config();
        InstanceType type =
                instanceType(serviceConfig.getInstanceType())
                        .orElseThrow(
                                () ->
                                        ProblemException.conflict(
                                                UNPRICED_INSTANCE_TYPE,
                                                "Instance type not in the price catalog",
                                                "Service '"
                                                        + serviceId
                                                        + "' runs on '"
                                                        + serviceConfig.getInstanceType()
                                                        + "', which the price catalog does not"
                                                        + " list for region "
                                                        + config.region()
                                                        + "; it cannot be priced."));
        List<ServiceCostWindow> windows =
                repository.recentWindows(serviceId, config.lookback(), stored.deployedAt());
        if (windows.isEmpty()) {
            throw ProblemException.conflict(
                    NO_COST_WINDOWS,
                    "No cost windows yet",
                    stored.deployedAt() == null
                            ? "Service '"
                                    + serviceId
                                    + "' has no cost windows yet; its traffic, utilisation and"
                                    + " latency are unknown until the pipeline has written at"
                                    + " least one."
                            : "Service '"
                                    + serviceId
                                    + "' has no cost window measured on its current deployment ("
                                    + serviceConfig.getReplicas()
                                    + " × "
                                    + serviceConfig.getInstanceType()
                                    + " since "
                                    + stored.deployedAt()
                                    + ") yet; windows measured before it say nothing reliable"
                                    + " about it.");
        }
        return ServiceProfile.from(serviceConfig, type, windows, config.lookback());
    }

    /** The catalog's instance type of that name in the configured region. */
    public Optional<InstanceType> instanceType(String name) {
        return catalog.find(config.region(), name);
    }

    public String region() {
        return config.region();
    }
}

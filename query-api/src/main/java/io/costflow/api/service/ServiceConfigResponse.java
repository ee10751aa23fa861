package io.costflow.api.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/**
 * A service's config as stored; {@code monthlyBudget} is an exact decimal string (null for no
 * budget) and {@code version} increases with every change.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ServiceConfigResponse(
        String serviceId,
        String owner,
        double availabilityTarget,
        double latencyThresholdMs,
        double latencyTarget,
        @Nullable String monthlyBudget,
        String currency,
        String budgetTimeZone,
        String instanceType,
        int replicas,
        long version,
        Instant updatedAt) {

    static ServiceConfigResponse of(ServiceConfigRow row) {
        return new ServiceConfigResponse(
                row.serviceId(),
                row.owner(),
                row.availabilityTarget(),
                row.latencyThresholdMs(),
                row.latencyTarget(),
                row.monthlyBudget() == null ? null : row.monthlyBudget().toPlainString(),
                row.currency(),
                row.budgetTimeZone(),
                row.instanceType(),
                row.replicas(),
                row.version(),
                row.updatedAt());
    }
}

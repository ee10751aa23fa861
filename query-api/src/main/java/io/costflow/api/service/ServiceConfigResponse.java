package io.costflow.api.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/**
 * A service's config as stored; {@code monthlyBudget} is an exact decimal string (null for no
 * budget) and {@code version} increases with every change.
 *
 * @param deployedAt when the instance type or replicas last changed; null while they are as the
 *     first config set them (and in config documents recorded before this field). Recommendations
 *     and simulations read only cost windows measured since.
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
        Instant updatedAt,
        @Nullable Instant deployedAt) {

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
                row.updatedAt(),
                row.deployedAt());
    }
}

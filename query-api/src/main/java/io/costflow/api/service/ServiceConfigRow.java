package io.costflow.api.service;

import io.micronaut.core.annotation.Nullable;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * One row of {@code service_config} as stored; never an API body.
 *
 * @param deployedAt when the instance type or replicas last changed; null while they are as the
 *     service's first config set them. The repository decides it; what a caller passes is ignored
 */
public record ServiceConfigRow(
        String serviceId,
        String owner,
        double availabilityTarget,
        double latencyThresholdMs,
        double latencyTarget,
        BigDecimal monthlyBudget,
        String currency,
        String budgetTimeZone,
        String instanceType,
        int replicas,
        long version,
        Instant updatedAt,
        @Nullable Instant deployedAt) {}

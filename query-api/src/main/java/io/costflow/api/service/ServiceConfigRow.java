package io.costflow.api.service;

import java.math.BigDecimal;
import java.time.Instant;

/** One row of {@code service_config} as stored; never an API body. */
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
        Instant updatedAt) {}

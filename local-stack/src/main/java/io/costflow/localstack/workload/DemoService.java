package io.costflow.localstack.workload;

import java.math.BigDecimal;

/**
 * One synthetic service of the demo workload: what it runs on, what that costs per hour per
 * replica, and how busy it is.
 */
public record DemoService(
        String serviceId,
        String instanceType,
        BigDecimal hourlyPricePerReplica,
        int replicas,
        double requestsPerSecond,
        double cpuUtilization) {}

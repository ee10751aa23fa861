package io.costflow.localstack.workload;

import java.math.BigDecimal;
import java.util.List;

/**
 * One synthetic service of the demo workload: who owns it, what it runs on and what that costs per
 * hour per replica (from the bundled price catalog), how its traffic moves over a day, how it
 * behaves, its SLOs and budget, and the incidents it suffers.
 *
 * @param peakRequestsPerSecond requests per second over all replicas at the daily peak
 * @param peakHourUtc the hour of the (simulated) day, 0..23, when traffic peaks
 * @param cpuAtPeak CPU utilisation of a replica at the daily peak, 0..1
 * @param baselineErrorRatio share of requests that fail outside incidents
 * @param medianLatencyMs median request latency outside incidents
 * @param latencyThresholdMs a request slower than this counts against the latency SLO
 * @param monthlyBudget the monthly budget in USD, or null for none
 */
public record DemoService(
        String serviceId,
        String owner,
        String region,
        String instanceType,
        BigDecimal hourlyPricePerReplica,
        int replicas,
        double peakRequestsPerSecond,
        int peakHourUtc,
        double cpuAtPeak,
        double baselineErrorRatio,
        double medianLatencyMs,
        double availabilityTarget,
        double latencyThresholdMs,
        double latencyTarget,
        BigDecimal monthlyBudget,
        List<Incident> incidents) {

    public DemoService {
        incidents = List.copyOf(incidents);
    }

    /** What all replicas together cost per hour. */
    public BigDecimal hourlyCost() {
        return hourlyPricePerReplica.multiply(BigDecimal.valueOf(replicas));
    }
}

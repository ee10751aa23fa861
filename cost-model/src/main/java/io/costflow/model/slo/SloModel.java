package io.costflow.model.slo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * Predicts utilisation and p99 latency of a service under a changed deployment, and whether its
 * SLOs still hold. The same function answers simulations and gates every recommendation.
 *
 * <p>Assumptions (also returned with every prediction, see {@link #ASSUMPTIONS}):
 *
 * <ul>
 *   <li>Each replica is one M/M/c server: Poisson arrivals, exponential service times, requests
 *       spread evenly over replicas from one shared queue.
 *   <li>CPU utilisation is the servers' busy share. The per-replica service rate μ comes from ρ =
 *       λ/(c·μ) with λ the mean arrival rate and ρ the CPU utilisation at the policy's percentile,
 *       so μ is underestimated and predictions lean pessimistic.
 *   <li>A replica's capacity scales with its vCPUs: μ' = μ · vCPU'/vCPU, across families alike.
 *   <li>Modelled p99 = the M/M/c waiting-time 99th percentile (P(W &gt; t) = C·e^{-(cμ-λ)t}) plus
 *       the 99th percentile of the service time; it is scaled by observed/modelled at today's
 *       deployment, so the model reproduces today's p99 exactly.
 *   <li>Memory per replica does not depend on traffic or replica count; it scales with the
 *       instance's memory.
 *   <li>Utilisation at or above 1 means an unbounded queue and is always a breach.
 *   <li>The latency SLO is checked as p99 ≤ {@code latencyThresholdMs}, i.e. as if its target were
 *       0.99.
 * </ul>
 */
public final class SloModel {

    /** The assumptions every prediction is returned with. */
    public static final List<String> ASSUMPTIONS =
            List.of(
                    "M/M/c queue per service: Poisson arrivals, exponential service times, one"
                            + " shared queue over all replicas",
                    "CPU utilisation is the busy share of a replica; service rate estimated from"
                            + " utilisation at the policy's percentile and the mean arrival rate"
                            + " (pessimistic)",
                    "replica capacity scales with vCPUs, whatever the instance family",
                    "p99 = M/M/c waiting-time p99 + service-time p99, scaled so that today's"
                            + " deployment reproduces today's observed p99",
                    "memory per replica is independent of traffic and replica count",
                    "utilisation at or above 1 is an unbounded queue: always a breach",
                    "the latency SLO is checked as p99 ≤ its threshold, i.e. a latency target of"
                            + " 0.99");

    private static final double QUANTILE = 0.99;

    private final SloPolicy policy;

    public SloModel(SloPolicy policy) {
        this.policy = policy;
    }

    public SloPolicy policy() {
        return policy;
    }

    /** Predicts {@code profile}'s service running as {@code deployment}. */
    public SloPrediction predict(ServiceProfile profile, Deployment deployment) {
        List<String> assumptions = new ArrayList<>(ASSUMPTIONS);
        List<String> breaches = new ArrayList<>();
        double lambda = profile.arrivalRatePerSecond() * deployment.trafficMultiplier();
        int replicas = deployment.replicas();
        double capacityRatio =
                (double) deployment.instanceType().vcpu() / profile.instanceType().vcpu();
        double baseUtilization = profile.cpu().at(policy.cpuPercentile());

        double utilization;
        double p99;
        if (Double.isNaN(baseUtilization)) {
            // Without telemetry nothing can vouch for a change, so nothing passes.
            utilization = Double.NaN;
            p99 = Double.NaN;
            breaches.add("no CPU telemetry in the lookback: utilisation cannot be predicted");
        } else if (lambda == 0) {
            utilization = 0;
            p99 = 0;
        } else if (replicas == 0) {
            utilization = Double.POSITIVE_INFINITY;
            p99 = Double.POSITIVE_INFINITY;
            breaches.add(String.format(Locale.ROOT, "no replica left to serve %.3f req/s", lambda));
        } else {
            utilization =
                    baseUtilization
                            * deployment.trafficMultiplier()
                            * profile.replicas()
                            / replicas
                            / capacityRatio;
            p99 = p99(profile, deployment, lambda, capacityRatio, assumptions);
        }

        String cpuLabel = policy.cpuPercentile().label() + " CPU utilisation";
        if (utilization >= 1) {
            breaches.add(
                    String.format(
                            Locale.ROOT,
                            "predicted %s %s ≥ 100 %%: the queue grows without bound",
                            cpuLabel,
                            percent(utilization)));
        } else if (utilization > policy.utilizationCeiling()) {
            breaches.add(ceilingBreach(cpuLabel, utilization));
        }

        OptionalDouble memory = OptionalDouble.empty();
        if (profile.memory().isPresent() && replicas > 0) {
            double m =
                    profile.memory().get().at(policy.memoryPercentile())
                            * profile.instanceType().memoryGiB().doubleValue()
                            / deployment.instanceType().memoryGiB().doubleValue();
            memory = OptionalDouble.of(m);
            if (m > policy.utilizationCeiling()) {
                breaches.add(
                        ceilingBreach(
                                policy.memoryPercentile().label() + " memory utilisation", m));
            }
        } else if (profile.memory().isEmpty()) {
            assumptions.add("no memory telemetry: memory is not checked");
        }

        if (profile.observedP99LatencyMs().isEmpty()) {
            assumptions.add("no latency histogram in the lookback: the latency SLO is not checked");
        } else if (p99 > profile.latencyThresholdMs() && Double.isFinite(utilization)) {
            breaches.add(
                    String.format(
                            Locale.ROOT,
                            "predicted p99 %s > SLO %s",
                            millis(p99),
                            millis(profile.latencyThresholdMs())));
        }
        return new SloPrediction(utilization, memory, p99, breaches, assumptions);
    }

    private double p99(
            ServiceProfile profile,
            Deployment deployment,
            double lambda,
            double capacityRatio,
            List<String> assumptions) {
        double baseLambda = profile.arrivalRatePerSecond();
        double baseUtilization = profile.cpu().at(policy.cpuPercentile());
        double observed = profile.observedP99LatencyMs().orElse(Double.NaN);
        if (baseLambda == 0 || baseUtilization <= 0) {
            assumptions.add(
                    "no traffic or no CPU use today: no queueing is modelled, p99 scales with"
                            + " service time only");
            return observed / capacityRatio;
        }
        double mu = baseLambda / (profile.replicas() * baseUtilization);
        double predicted = modelledP99Ms(deployment.replicas(), lambda, mu * capacityRatio);
        double today = modelledP99Ms(profile.replicas(), baseLambda, mu);
        if (!Double.isFinite(today) || Double.isNaN(observed)) {
            assumptions.add(
                    "today's p99 could not calibrate the model: the p99 is the uncalibrated"
                            + " M/M/c figure");
            return predicted;
        }
        return observed * (predicted / today);
    }

    /** Waiting-time p99 plus the exponential service time's p99, in milliseconds. */
    static double modelledP99Ms(int servers, double lambda, double mu) {
        double wait = ErlangC.waitingTimeQuantile(servers, lambda, mu, QUANTILE);
        double service = -Math.log(1 - QUANTILE) / mu;
        return (wait + service) * 1000;
    }

    private String ceilingBreach(String what, double value) {
        return String.format(
                Locale.ROOT,
                "predicted %s %s > target %s (%s with %s headroom)",
                what,
                percent(value),
                percent(policy.utilizationCeiling()),
                percent(policy.utilizationTarget()),
                percent(policy.headroom()));
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.0f %%", share * 100);
    }

    private static String millis(double ms) {
        return Double.isInfinite(ms) ? "∞ ms" : String.format(Locale.ROOT, "%.0f ms", ms);
    }
}

package io.costflow.model.slo;

import io.costflow.model.catalog.InstanceType;
import io.costflow.model.usage.LatencyMerge;
import io.costflow.schemas.CostStatus;
import io.costflow.schemas.LatencyHistogram;
import io.costflow.schemas.ServiceConfig;
import io.costflow.schemas.ServiceCostWindow;
import io.costflow.schemas.UtilizationStats;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What a service's recent windows say about it, in the terms the SLO model and the advisors need:
 * today's deployment, traffic, utilisation, p99 latency, the discount billing shows, and how much
 * of the lookback the data covers. Build it with {@link #from}.
 *
 * @param arrivalRatePerSecond mean requests per second over the windows present
 * @param cpu CPU utilisation across the lookback; NaN throughout when no window had CPU telemetry,
 *     which the SLO model treats as unpredictable
 * @param memory memory utilisation, when telemetry reports it
 * @param observedP99LatencyMs p99 of the exact merge of the windows' histograms (the upper bound of
 *     its bucket), when there were requests
 * @param latencyThresholdMs the latency SLO's threshold from {@link ServiceConfig}
 * @param effectiveToListRatio effective cost / billed cost over billed windows (1 when none are
 *     billed): the share of the list price the service actually pays on demand
 * @param requestRateVariation coefficient of variation of the per-window request rate (0 = flat)
 * @param windowsPresent distinct windows in the lookback
 * @param windowsExpected windows the lookback should hold
 */
public record ServiceProfile(
        String serviceId,
        String currency,
        InstanceType instanceType,
        int replicas,
        double arrivalRatePerSecond,
        UtilizationSummary cpu,
        Optional<UtilizationSummary> memory,
        OptionalDouble observedP99LatencyMs,
        double latencyThresholdMs,
        BigDecimal effectiveToListRatio,
        double requestRateVariation,
        int windowsPresent,
        int windowsExpected) {

    private static final int RATIO_SCALE = 12;

    public ServiceProfile {
        Objects.requireNonNull(serviceId, "serviceId");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(instanceType, "instanceType");
        Objects.requireNonNull(cpu, "cpu");
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(observedP99LatencyMs, "observedP99LatencyMs");
        Objects.requireNonNull(effectiveToListRatio, "effectiveToListRatio");
        if (replicas < 1) {
            throw new IllegalArgumentException("replicas must be at least 1, was " + replicas);
        }
        if (windowsExpected < 1) {
            throw new IllegalArgumentException("windowsExpected must be at least 1");
        }
    }

    /**
     * Summarises the windows of one service that fall in {@code lookback} before the latest one.
     * Several revisions of the same window count once (the highest revision wins); the lookback's
     * expected window count comes from the windows' own length.
     *
     * @param instanceType today's instance type, looked up in the catalog by the caller
     * @throws IllegalArgumentException if there are no windows in the lookback, or the config has
     *     no replicas
     */
    public static ServiceProfile from(
            ServiceConfig config,
            InstanceType instanceType,
            Collection<ServiceCostWindow> windows,
            Duration lookback) {
        List<ServiceCostWindow> latest = latestRevisions(windows);
        if (latest.isEmpty()) {
            throw new IllegalArgumentException("no windows for " + config.getServiceId());
        }
        Instant end = latest.get(latest.size() - 1).getWindowEnd();
        Instant start = end.minus(lookback);
        latest.removeIf(w -> w.getWindowStart().isBefore(start));
        if (latest.isEmpty()) {
            throw new IllegalArgumentException(
                    "no windows for " + config.getServiceId() + " in the lookback");
        }
        long windowMillis =
                Duration.between(latest.get(0).getWindowStart(), latest.get(0).getWindowEnd())
                        .toMillis();
        int expected = (int) Math.max(1, lookback.toMillis() / Math.max(1, windowMillis));

        long requests = 0;
        double seconds = 0;
        LatencyHistogram latency = null;
        BigDecimal billed = BigDecimal.ZERO;
        BigDecimal effective = BigDecimal.ZERO;
        List<Double> rates = new ArrayList<>();
        for (ServiceCostWindow w : latest) {
            double windowSeconds =
                    Duration.between(w.getWindowStart(), w.getWindowEnd()).toMillis() / 1000.0;
            requests += w.getRequestCount();
            seconds += windowSeconds;
            rates.add(w.getRequestCount() / windowSeconds);
            latency = LatencyMerge.merge(latency, w.getLatency());
            if (w.getStatus() != CostStatus.PROVISIONAL) {
                billed = billed.add(w.getBilledCost());
                effective = effective.add(w.getEffectiveCost());
            }
        }
        return new ServiceProfile(
                config.getServiceId(),
                latest.get(0).getCurrency(),
                instanceType,
                config.getReplicas(),
                requests / seconds,
                summary(latest, ServiceCostWindow::getCpuUtilization)
                        .orElse(
                                new UtilizationSummary(
                                        Double.NaN, Double.NaN, Double.NaN, Double.NaN)),
                summary(latest, ServiceCostWindow::getMemoryUtilization),
                LatencyMerge.percentile(latency, 0.99),
                config.getLatencyThresholdMs(),
                billed.signum() > 0
                        ? effective.divide(billed, RATIO_SCALE, RoundingMode.HALF_EVEN)
                        : BigDecimal.ONE,
                variation(rates),
                Math.min(latest.size(), expected),
                expected);
    }

    /**
     * Whether {@code after} runs the service on another deployment than {@code before} (another
     * instance type or replica count): the windows measured before it no longer describe it.
     */
    public static boolean deploymentChanged(ServiceConfig before, ServiceConfig after) {
        return !before.getInstanceType().equals(after.getInstanceType())
                || before.getReplicas() != after.getReplicas();
    }

    /**
     * The windows measured on the deployment in effect since {@code deployedAt}: those starting at
     * or after it, or all of them when it is null (the deployment has not changed since the
     * service's first config). Utilisation measured on other instances or another replica count
     * says nothing reliable about today's, and after a scale-in it would make the service look
     * idler than it is; a window spanning the change is left out too.
     */
    public static List<ServiceCostWindow> measuredSince(
            Collection<ServiceCostWindow> windows, Instant deployedAt) {
        if (deployedAt == null) {
            return new ArrayList<>(windows);
        }
        return windows.stream().filter(w -> !w.getWindowStart().isBefore(deployedAt)).toList();
    }

    /** Share of the expected windows present, 0..1: the basis of every advisor's confidence. */
    public double coverage() {
        return (double) windowsPresent / windowsExpected;
    }

    private static List<ServiceCostWindow> latestRevisions(Collection<ServiceCostWindow> windows) {
        Map<Instant, ServiceCostWindow> byStart = new TreeMap<>();
        for (ServiceCostWindow w : windows) {
            byStart.merge(
                    w.getWindowStart(), w, (a, b) -> a.getRevision() >= b.getRevision() ? a : b);
        }
        return new ArrayList<>(byStart.values());
    }

    private static Optional<UtilizationSummary> summary(
            List<ServiceCostWindow> windows, Function<ServiceCostWindow, UtilizationStats> stats) {
        List<UtilizationStats> present =
                windows.stream().map(stats).filter(s -> s != null && s.getSamples() > 0).toList();
        if (present.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(
                new UtilizationSummary(
                        acrossWindows(present, UtilizationPercentile.P50, 0.50),
                        acrossWindows(present, UtilizationPercentile.P95, 0.95),
                        acrossWindows(present, UtilizationPercentile.P99, 0.99),
                        acrossWindows(present, UtilizationPercentile.MAX, 1.0)));
    }

    /** Nearest-rank {@code q}-quantile of the windows' own values at {@code percentile}. */
    private static double acrossWindows(
            List<UtilizationStats> stats, UtilizationPercentile percentile, double q) {
        double[] values =
                stats.stream()
                        .mapToDouble(s -> UtilizationSummary.pick(s, percentile))
                        .sorted()
                        .toArray();
        int rank = (int) Math.max(1, Math.ceil(q * values.length));
        return values[rank - 1];
    }

    private static double variation(List<Double> rates) {
        double mean = rates.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        if (mean == 0) {
            return 0;
        }
        double variance =
                rates.stream().mapToDouble(r -> (r - mean) * (r - mean)).average().orElse(0);
        return Math.sqrt(variance) / mean;
    }
}

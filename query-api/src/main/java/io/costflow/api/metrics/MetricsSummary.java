package io.costflow.api.metrics;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.costflow.model.usage.LatencyMerge;
import io.costflow.schemas.LatencyHistogram;
import io.costflow.schemas.SloKind;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * What a service's windows say together: traffic, error rate, utilisation, latency and SLO
 * compliance. Utilisation percentiles are the same percentile taken across the windows' own values
 * (nearest rank), so a busy hour is not averaged away; latency percentiles come from the exact
 * merge of the windows' histograms.
 *
 * @param errorRate errors / requests; null without requests
 * @param slos availability and latency compliance against the service's config; empty when the
 *     service has no config
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record MetricsSummary(
        int windows,
        long requestCount,
        long errorCount,
        @Nullable Double errorRate,
        @Nullable Utilisation cpu,
        @Nullable Utilisation memory,
        @Nullable LatencyPercentiles latencyMs,
        List<SloCompliance> slos) {

    /** Summarises {@code windows}, checking them against {@code slo} when there is one. */
    static MetricsSummary of(List<MetricWindow> windows, Optional<SloConfig> slo) {
        long requests = 0;
        long errors = 0;
        long good = 0;
        LatencyHistogram latency = null;
        for (MetricWindow w : windows) {
            requests = Math.addExact(requests, w.requestCount());
            errors = Math.addExact(errors, w.errorCount());
            // The availability rule of SloSample.availability: errors beyond requests count once.
            good += w.requestCount() - Math.min(w.errorCount(), w.requestCount());
            latency = LatencyMerge.merge(latency, w.latency());
        }
        long totalRequests = requests;
        long availableRequests = good;
        LatencyHistogram merged = latency;
        return new MetricsSummary(
                windows.size(),
                requests,
                errors,
                requests == 0 ? null : (double) errors / requests,
                acrossWindows(windows, MetricWindow::cpu),
                acrossWindows(windows, MetricWindow::memory),
                percentiles(latency),
                slo.map(s -> slos(s, totalRequests, availableRequests, merged)).orElse(List.of()));
    }

    private static List<SloCompliance> slos(
            SloConfig slo, long requests, long availableRequests, LatencyHistogram latency) {
        long latencyTotal =
                latency == null
                        ? 0
                        : latency.getBucketCounts().stream().mapToLong(Long::longValue).sum();
        long fast =
                latency == null
                        ? 0
                        : LatencyMerge.countAtOrBelow(latency, slo.latencyThresholdMs());
        return List.of(
                SloCompliance.of(
                        SloKind.AVAILABILITY,
                        slo.availabilityTarget(),
                        null,
                        availableRequests,
                        requests),
                SloCompliance.of(
                        SloKind.LATENCY,
                        slo.latencyTarget(),
                        slo.latencyThresholdMs(),
                        fast,
                        latencyTotal));
    }

    private static LatencyPercentiles percentiles(LatencyHistogram h) {
        OptionalDouble p50 = LatencyMerge.percentile(h, 0.50);
        if (p50.isEmpty()) {
            return null;
        }
        return new LatencyPercentiles(
                p50.getAsDouble(),
                LatencyMerge.percentile(h, 0.95).getAsDouble(),
                LatencyMerge.percentile(h, 0.99).getAsDouble());
    }

    private static Utilisation acrossWindows(
            List<MetricWindow> windows, Function<MetricWindow, Utilisation> field) {
        List<Utilisation> present = windows.stream().map(field).filter(u -> u != null).toList();
        if (present.isEmpty()) {
            return null;
        }
        return new Utilisation(
                nearestRank(present, Utilisation::p50, 0.50),
                nearestRank(present, Utilisation::p95, 0.95),
                nearestRank(present, Utilisation::p99, 0.99),
                nearestRank(present, Utilisation::max, 1.0));
    }

    private static double nearestRank(
            List<Utilisation> values, Function<Utilisation, Double> pick, double q) {
        double[] sorted = values.stream().mapToDouble(pick::apply).sorted().toArray();
        int rank = (int) Math.max(1, Math.ceil(q * sorted.length));
        return sorted[rank - 1];
    }
}

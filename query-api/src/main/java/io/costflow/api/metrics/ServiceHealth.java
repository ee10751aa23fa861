package io.costflow.api.metrics;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A service's health now: its newest windows against its SLOs.
 *
 * @param from start of the oldest window judged
 * @param to end of the newest window judged
 * @param reasons why the status is not OK (empty when it is)
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ServiceHealth(
        String serviceId,
        Status status,
        List<String> reasons,
        @Nullable Instant from,
        @Nullable Instant to,
        MetricsSummary metrics) {

    /** Worst first: the first that applies wins. */
    public enum Status {
        /** An SLO's compliance over the lookback is below its target. */
        BREACHING,
        /** SLOs are met but a large share of an error budget is used. */
        AT_RISK,
        /** No config to judge against, or no requests in the lookback. */
        UNKNOWN,
        /** Every SLO met with budget to spare. */
        OK
    }

    static ServiceHealth judge(
            String serviceId,
            List<MetricWindow> windows,
            Optional<SloConfig> slo,
            HealthSettings settings) {
        MetricsSummary metrics = MetricsSummary.of(windows, slo);
        Instant from = windows.isEmpty() ? null : windows.get(0).windowStart();
        Instant to = windows.isEmpty() ? null : windows.get(windows.size() - 1).windowEnd();
        if (slo.isEmpty()) {
            return new ServiceHealth(
                    serviceId,
                    Status.UNKNOWN,
                    List.of("service has no config, so no SLOs to judge against"),
                    from,
                    to,
                    metrics);
        }
        List<String> breaching = new ArrayList<>();
        List<String> atRisk = new ArrayList<>();
        for (SloCompliance c : metrics.slos()) {
            if (c.compliance() == null) {
                continue;
            }
            String line =
                    "%s %.4f%% of %d events good, target %.4f%%, %.0f%% of error budget used"
                            .formatted(
                                    c.kind(),
                                    c.compliance() * 100,
                                    c.total(),
                                    c.target() * 100,
                                    c.errorBudgetUsed() * 100);
            if (!c.met()) {
                breaching.add(line);
            } else if (c.errorBudgetUsed() >= settings.atRiskBudgetUsed()) {
                atRisk.add(line);
            }
        }
        if (!breaching.isEmpty()) {
            return new ServiceHealth(serviceId, Status.BREACHING, breaching, from, to, metrics);
        }
        if (!atRisk.isEmpty()) {
            return new ServiceHealth(serviceId, Status.AT_RISK, atRisk, from, to, metrics);
        }
        if (metrics.requestCount() == 0) {
            return new ServiceHealth(
                    serviceId,
                    Status.UNKNOWN,
                    List.of(
                            "no requests in the "
                                    + settings.lookback()
                                    + " before the newest window"),
                    from,
                    to,
                    metrics);
        }
        return new ServiceHealth(serviceId, Status.OK, List.of(), from, to, metrics);
    }
}

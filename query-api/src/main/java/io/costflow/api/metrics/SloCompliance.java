package io.costflow.api.metrics;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.costflow.schemas.SloKind;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * How one SLO fared over a set of windows: good events out of all, against the target.
 *
 * @param thresholdMs the latency threshold (latency SLO only)
 * @param compliance good / total; null without events
 * @param errorBudgetUsed (1 - compliance) / (1 - target): above 1 the SLO is breached
 * @param met whether compliance reaches the target (true without events)
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record SloCompliance(
        SloKind kind,
        double target,
        @Nullable Double thresholdMs,
        long good,
        long total,
        @Nullable Double compliance,
        @Nullable Double errorBudgetUsed,
        boolean met) {

    static SloCompliance of(
            SloKind kind, double target, Double thresholdMs, long good, long total) {
        if (total == 0) {
            return new SloCompliance(kind, target, thresholdMs, 0, 0, null, null, true);
        }
        double compliance = (double) good / total;
        return new SloCompliance(
                kind,
                target,
                thresholdMs,
                good,
                total,
                compliance,
                (1 - compliance) / (1 - target),
                compliance >= target);
    }
}

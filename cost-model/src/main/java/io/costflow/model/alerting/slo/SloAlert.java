package io.costflow.model.alerting.slo;

import io.costflow.schemas.AlertSeverity;
import io.costflow.schemas.AlertState;
import io.costflow.schemas.SloKind;
import java.time.Duration;
import java.time.Instant;

/** An SLO burn-rate transition of one service, ready to be mapped to the Avro {@code SlaAlert}. */
public record SloAlert(
        String alertId,
        String serviceId,
        SloKind kind,
        AlertState state,
        AlertSeverity severity,
        Duration longWindow,
        Duration shortWindow,
        double longWindowBurnRate,
        double shortWindowBurnRate,
        double errorBudgetRemaining,
        Instant eventTime) {

    /**
     * Same service, SLO, severity, episode start and state give the same id, so an alert repeated
     * after a restart from a checkpoint is recognisably the same.
     */
    public static String alertId(
            String serviceId,
            SloKind kind,
            AlertSeverity severity,
            Instant episodeStart,
            AlertState state) {
        return String.join(
                "/",
                "sla",
                serviceId,
                kind.name(),
                severity.name(),
                episodeStart.toString(),
                state.name());
    }
}

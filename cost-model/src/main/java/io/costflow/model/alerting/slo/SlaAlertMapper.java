package io.costflow.model.alerting.slo;

import io.costflow.schemas.SlaAlert;
import java.time.Instant;

/** Maps an {@link SloAlert} to the Avro {@code SlaAlert} contract. */
public final class SlaAlertMapper {

    private SlaAlertMapper() {}

    public static SlaAlert toAvro(SloAlert a, Instant emittedAt) {
        return SlaAlert.newBuilder()
                .setAlertId(a.alertId())
                .setServiceId(a.serviceId())
                .setSloKind(a.kind())
                .setState(a.state())
                .setSeverity(a.severity())
                .setLongWindowSeconds(a.longWindow().toSeconds())
                .setShortWindowSeconds(a.shortWindow().toSeconds())
                .setLongWindowBurnRate(a.longWindowBurnRate())
                .setShortWindowBurnRate(a.shortWindowBurnRate())
                .setErrorBudgetRemaining(a.errorBudgetRemaining())
                .setEventTime(a.eventTime())
                .setEmittedAt(emittedAt)
                .build();
    }
}

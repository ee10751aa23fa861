package io.costflow.model.alerting.budget;

import io.costflow.schemas.CostStatus;
import io.costflow.schemas.ServiceCostWindow;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * What one service's cost window {@code [start, end)} contributes to spend: its billed cost once
 * billing has arrived, else its provisional (telemetry-based) cost.
 */
public record WindowSpend(
        String serviceId,
        Instant start,
        Instant end,
        long revision,
        BigDecimal cost,
        boolean provisional) {

    public WindowSpend {
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("window must end after it starts: " + start);
        }
    }

    public static WindowSpend of(ServiceCostWindow w) {
        boolean provisional = w.getStatus() == CostStatus.PROVISIONAL;
        return new WindowSpend(
                w.getServiceId(),
                w.getWindowStart(),
                w.getWindowEnd(),
                w.getRevision(),
                provisional ? w.getProvisionalCost() : w.getBilledCost(),
                provisional);
    }
}

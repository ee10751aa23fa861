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

    /** What billing that came only after the window's allowed lateness contributes alone. */
    public static WindowSpend of(LateBilling late) {
        return new WindowSpend(
                late.serviceId(),
                late.start(),
                late.end(),
                late.charges(),
                late.billedCost(),
                false);
    }

    /**
     * This window's spend with billing that came after its allowed lateness: the billing replaces a
     * provisional estimate, as billing within the lateness does, and adds to billed cost. The
     * revision rises by the late charges, so the result replaces this window's earlier spend
     * wherever it is kept, and a later revision of the window itself still rises above it.
     */
    public WindowSpend withLateBilling(LateBilling late) {
        if (!serviceId.equals(late.serviceId()) || !start.equals(late.start())) {
            throw new IllegalArgumentException("not the same window: " + late);
        }
        return new WindowSpend(
                serviceId,
                start,
                end,
                revision + late.charges(),
                provisional ? late.billedCost() : cost.add(late.billedCost()),
                false);
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

package io.costflow.pipeline.alert;

import io.costflow.model.alerting.budget.WindowSpend;
import java.math.BigDecimal;
import java.time.Instant;

/** A service window's spend, labelled with the service's owner for the owner's budget. */
public record OwnedSpend(
        String owner,
        String serviceId,
        Instant start,
        Instant end,
        long revision,
        BigDecimal cost,
        boolean provisional) {

    public static OwnedSpend of(String owner, WindowSpend s) {
        return new OwnedSpend(
                owner, s.serviceId(), s.start(), s.end(), s.revision(), s.cost(), s.provisional());
    }

    public WindowSpend spend() {
        return new WindowSpend(serviceId, start, end, revision, cost, provisional);
    }
}

package io.costflow.model.alerting.budget;

import io.costflow.schemas.BudgetAlertKind;
import io.costflow.schemas.BudgetScope;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;

/**
 * A budget alert: a threshold crossed, a spend burn rate or a cost anomaly. {@code forecast},
 * {@code expectedCost} and {@code actualCost} are null where the kind has none.
 */
public record BudgetAlertEvent(
        String alertId,
        BudgetScope scope,
        String scopeId,
        BudgetAlertKind kind,
        YearMonth period,
        int thresholdPercent,
        String currency,
        BigDecimal budget,
        BigDecimal spendToDate,
        BigDecimal provisionalSpend,
        BigDecimal forecast,
        BigDecimal expectedCost,
        BigDecimal actualCost,
        String message,
        Instant eventTime) {

    /**
     * Same scope, period, kind, threshold and discriminator (what makes two alerts of that kind in
     * a period different, e.g. a window start) give the same id.
     */
    public static String alertId(
            BudgetScope scope,
            String scopeId,
            YearMonth period,
            BudgetAlertKind kind,
            int thresholdPercent,
            String discriminator) {
        String id =
                String.join(
                        "/",
                        "budget",
                        scope.name(),
                        scopeId,
                        period.toString(),
                        kind.name(),
                        Integer.toString(thresholdPercent));
        return discriminator.isEmpty() ? id : id + "/" + discriminator;
    }
}

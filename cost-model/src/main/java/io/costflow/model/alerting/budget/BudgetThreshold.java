package io.costflow.model.alerting.budget;

import io.costflow.schemas.BudgetAlertKind;

/** A share of the budget that, reached by actual or forecast spend, raises a budget alert. */
public record BudgetThreshold(BudgetAlertKind kind, int percent) {

    public BudgetThreshold {
        if (kind != BudgetAlertKind.ACTUAL && kind != BudgetAlertKind.FORECAST) {
            throw new IllegalArgumentException("thresholds are ACTUAL or FORECAST: " + kind);
        }
        if (percent <= 0) {
            throw new IllegalArgumentException("threshold must be positive: " + percent);
        }
    }
}

package io.costflow.model.alerting.budget;

import io.costflow.schemas.BudgetScope;
import java.math.BigDecimal;
import java.time.ZoneId;

/** A monthly budget of a service or an owner, rolling over at midnight in {@code zone}. */
public record Budget(
        BudgetScope scope, String scopeId, BigDecimal monthlyAmount, String currency, ZoneId zone) {

    public Budget {
        if (monthlyAmount.signum() <= 0) {
            throw new IllegalArgumentException("budget must be positive: " + monthlyAmount);
        }
    }
}

package io.costflow.model.alerting.budget;

import io.costflow.schemas.BudgetScope;
import io.costflow.schemas.ServiceConfig;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.Optional;

/** A monthly budget of a service or an owner, rolling over at midnight in {@code zone}. */
public record Budget(
        BudgetScope scope, String scopeId, BigDecimal monthlyAmount, String currency, ZoneId zone) {

    public Budget {
        if (monthlyAmount.signum() <= 0) {
            throw new IllegalArgumentException("budget must be positive: " + monthlyAmount);
        }
    }

    /** The service's own budget, if it has a positive one. */
    public static Optional<Budget> forService(ServiceConfig config) {
        if (config.getMonthlyBudget() == null || config.getMonthlyBudget().signum() <= 0) {
            return Optional.empty();
        }
        return Optional.of(
                new Budget(
                        BudgetScope.SERVICE,
                        config.getServiceId(),
                        config.getMonthlyBudget(),
                        config.getBudgetCurrency(),
                        ZoneId.of(config.getBudgetTimeZone())));
    }
}

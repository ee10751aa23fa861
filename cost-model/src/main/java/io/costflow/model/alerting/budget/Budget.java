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

    /**
     * The config as budget alerts may use it: without its budget if that is in another currency
     * than billing, since spend is held against a budget unconverted. The rest of the config (SLOs,
     * owner, deployment) stays in force.
     */
    public static ServiceConfig withoutForeignBudget(ServiceConfig config, String billingCurrency) {
        if (config.getMonthlyBudget() == null
                || billingCurrency.equals(config.getBudgetCurrency())) {
            return config;
        }
        return ServiceConfig.newBuilder(config).setMonthlyBudget(null).build();
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

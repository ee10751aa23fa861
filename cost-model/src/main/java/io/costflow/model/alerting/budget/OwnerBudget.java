package io.costflow.model.alerting.budget;

import io.costflow.schemas.BudgetScope;
import io.costflow.schemas.ServiceConfig;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An owner's monthly budget: the sum of the budgets of the owner's services that have one. The
 * currency is that of the first such service (by serviceId); services budgeted in another currency
 * are left out rather than converted. The month rolls over in the services' time zone when they
 * agree on one, else in UTC.
 */
public final class OwnerBudget {

    private OwnerBudget() {}

    /** The budget of {@code owner} from every known service config, if any service has one. */
    public static Optional<Budget> of(String owner, Iterable<ServiceConfig> configs) {
        List<Budget> budgets = new ArrayList<>();
        for (ServiceConfig c : configs) {
            if (owner.equals(c.getOwner())) {
                Budget.forService(c).ifPresent(budgets::add);
            }
        }
        if (budgets.isEmpty()) {
            return Optional.empty();
        }
        budgets.sort((a, b) -> a.scopeId().compareTo(b.scopeId()));
        String currency = budgets.get(0).currency();
        ZoneId zone = budgets.get(0).zone();
        BigDecimal total = BigDecimal.ZERO;
        for (Budget b : budgets) {
            if (b.currency().equals(currency)) {
                total = total.add(b.monthlyAmount());
                if (!b.zone().equals(zone)) {
                    zone = ZoneId.of("UTC");
                }
            }
        }
        return Optional.of(new Budget(BudgetScope.OWNER, owner, total, currency, zone));
    }
}

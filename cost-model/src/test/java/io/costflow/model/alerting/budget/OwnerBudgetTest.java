package io.costflow.model.alerting.budget;

import static org.assertj.core.api.Assertions.assertThat;

import io.costflow.schemas.BudgetScope;
import io.costflow.schemas.ServiceConfig;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class OwnerBudgetTest {

    @Test
    void shouldSumTheBudgetsOfTheOwnersServicesInTheFirstServicesCurrency() {
        var budget =
                OwnerBudget.of(
                        "shop",
                        List.of(
                                config("checkout", "shop", "400", "USD", "UTC"),
                                config("cart", "shop", "600", "USD", "UTC"),
                                config("ledger", "shop", "900", "EUR", "UTC"),
                                config("search", "other", "5000", "USD", "UTC"),
                                config("static", "shop", null, "USD", "UTC")));

        assertThat(budget)
                .hasValueSatisfying(
                        b -> {
                            assertThat(b.scope()).isEqualTo(BudgetScope.OWNER);
                            assertThat(b.scopeId()).isEqualTo("shop");
                            assertThat(b.monthlyAmount()).isEqualByComparingTo("1000");
                            assertThat(b.currency()).isEqualTo("USD");
                            assertThat(b.zone()).isEqualTo(ZoneId.of("UTC"));
                        });
    }

    @Test
    void shouldRollOverInUtcWhenTheServicesDisagreeOnTheTimeZone() {
        var agree =
                OwnerBudget.of(
                        "shop",
                        List.of(
                                config("a", "shop", "1", "USD", "Europe/Berlin"),
                                config("b", "shop", "1", "USD", "Europe/Berlin")));
        var disagree =
                OwnerBudget.of(
                        "shop",
                        List.of(
                                config("a", "shop", "1", "USD", "Europe/Berlin"),
                                config("b", "shop", "1", "USD", "America/New_York")));

        assertThat(agree.orElseThrow().zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(disagree.orElseThrow().zone()).isEqualTo(ZoneId.of("UTC"));
    }

    @Test
    void shouldHaveNoBudgetWhenNoServiceOfTheOwnerHasOne() {
        assertThat(OwnerBudget.of("shop", List.of(config("a", "shop", null, "USD", "UTC"))))
                .isEmpty();
    }

    @Test
    void shouldDropOnlyABudgetInAnotherCurrencyThanBilling() {
        ServiceConfig euros = config("ledger", "shop", "900", "EUR", "UTC");
        ServiceConfig dollars = config("cart", "shop", "600", "USD", "UTC");

        ServiceConfig usable = Budget.withoutForeignBudget(euros, "USD");

        assertThat(usable.getMonthlyBudget()).isNull();
        assertThat(usable.getOwner()).isEqualTo("shop");
        assertThat(usable.getAvailabilityTarget()).isEqualTo(0.999);
        assertThat(Budget.forService(usable)).isEmpty();
        assertThat(Budget.withoutForeignBudget(dollars, "USD")).isSameAs(dollars);
    }

    private static ServiceConfig config(
            String serviceId, String owner, String budget, String currency, String zone) {
        return ServiceConfig.newBuilder()
                .setServiceId(serviceId)
                .setOwner(owner)
                .setAvailabilityTarget(0.999)
                .setLatencyThresholdMs(100)
                .setLatencyTarget(0.99)
                .setMonthlyBudget(budget == null ? null : new BigDecimal(budget).setScale(12))
                .setBudgetCurrency(currency)
                .setBudgetTimeZone(zone)
                .setInstanceType("m6i.large")
                .setReplicas(1)
                .setVersion(1)
                .setUpdatedAt(Instant.parse("2026-11-01T00:00:00Z"))
                .build();
    }
}

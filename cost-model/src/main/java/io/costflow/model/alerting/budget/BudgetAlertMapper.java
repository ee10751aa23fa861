package io.costflow.model.alerting.budget;

import io.costflow.schemas.BudgetAlert;
import io.costflow.schemas.Decimals;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * Maps a {@link BudgetAlertEvent} to the Avro {@code BudgetAlert} contract (decimals at scale 12).
 */
public final class BudgetAlertMapper {

    private BudgetAlertMapper() {}

    public static BudgetAlert toAvro(BudgetAlertEvent e, Instant emittedAt) {
        return BudgetAlert.newBuilder()
                .setAlertId(e.alertId())
                .setScope(e.scope())
                .setScopeId(e.scopeId())
                .setKind(e.kind())
                .setPeriod(e.period().toString())
                .setThresholdPercent(e.thresholdPercent())
                .setCurrency(e.currency())
                .setBudget(Decimals.normalize(e.budget()))
                .setSpendToDate(Decimals.normalize(e.spendToDate()))
                .setProvisionalSpend(Decimals.normalize(e.provisionalSpend()))
                .setForecast(orNull(e.forecast()))
                .setExpectedCost(orNull(e.expectedCost()))
                .setActualCost(orNull(e.actualCost()))
                .setMessage(e.message())
                .setEventTime(e.eventTime())
                .setEmittedAt(emittedAt)
                .build();
    }

    private static BigDecimal orNull(BigDecimal value) {
        return value == null ? null : Decimals.normalize(value);
    }
}

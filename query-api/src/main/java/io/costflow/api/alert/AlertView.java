package io.costflow.api.alert;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/**
 * An SLA or budget alert. Fields that do not belong to the alert's kind are left out: an SLA alert
 * has a state, severity and burn rates; a budget alert a threshold, amounts (exact decimal strings)
 * and a message.
 *
 * @param kind {@code SLA}, or the budget alert's kind: ACTUAL, FORECAST, SPEND_BURN_RATE, ANOMALY
 * @param scope {@code SERVICE} or, for budget alerts of a team, {@code OWNER}
 * @param scopeId the service id, or the owner
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
record AlertView(
        String alertId,
        String kind,
        String scope,
        String scopeId,
        @Nullable String state,
        @Nullable String severity,
        @Nullable String sloKind,
        @Nullable Double longWindowBurnRate,
        @Nullable Double shortWindowBurnRate,
        @Nullable Double errorBudgetRemaining,
        @Nullable String period,
        @Nullable Integer thresholdPercent,
        @Nullable String currency,
        @Nullable String budget,
        @Nullable String spendToDate,
        @Nullable String forecast,
        @Nullable String message,
        Instant eventTime,
        Instant emittedAt) {}

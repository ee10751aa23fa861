package io.costflow.model.validation;

import io.costflow.schemas.ServiceConfig;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Optional;

/**
 * Rejects service configs the jobs cannot use: no ids, SLO targets outside (0, 1), a non-positive
 * latency threshold, a negative budget, an unknown time zone or fewer than one replica. A budget in
 * another currency than billing does not make the config unusable: see {@link
 * io.costflow.model.alerting.budget.Budget#withoutForeignBudget}. The API validates the same rules
 * before it publishes; this guards against other writers of the topic.
 */
public final class ServiceConfigValidator implements RecordValidator<ServiceConfig> {

    private static final long serialVersionUID = 1L;

    /** The code of a config whose values the jobs cannot use. */
    public static final String INVALID_CONFIG = "invalid-config";

    @Override
    public Optional<Rejection> validate(ServiceConfig c) {
        if (blank(c.getServiceId()) || blank(c.getOwner()) || blank(c.getInstanceType())) {
            return reject(Rejection.MISSING_ID, "serviceId, owner and instanceType are required");
        }
        if (!openShare(c.getAvailabilityTarget()) || !openShare(c.getLatencyTarget())) {
            return reject(
                    INVALID_CONFIG,
                    "SLO targets must be within (0, 1), were availabilityTarget="
                            + c.getAvailabilityTarget()
                            + " latencyTarget="
                            + c.getLatencyTarget());
        }
        if (!(c.getLatencyThresholdMs() > 0) || Double.isInfinite(c.getLatencyThresholdMs())) {
            return reject(
                    INVALID_CONFIG,
                    "latencyThresholdMs must be positive, was " + c.getLatencyThresholdMs());
        }
        if (c.getReplicas() < 1) {
            return reject(INVALID_CONFIG, "replicas must be at least 1, was " + c.getReplicas());
        }
        if (c.getMonthlyBudget() != null && c.getMonthlyBudget().signum() < 0) {
            return reject(
                    INVALID_CONFIG,
                    "monthlyBudget must not be negative, was " + c.getMonthlyBudget());
        }
        try {
            ZoneId.of(c.getBudgetTimeZone());
        } catch (DateTimeException e) {
            return reject(
                    INVALID_CONFIG, "budgetTimeZone is not a time zone: " + c.getBudgetTimeZone());
        }
        return Optional.empty();
    }

    private static boolean openShare(double value) {
        return value > 0 && value < 1;
    }

    private static boolean blank(CharSequence s) {
        return s == null || s.toString().isBlank();
    }

    private static Optional<Rejection> reject(String code, String detail) {
        return Optional.of(new Rejection(code, detail));
    }
}

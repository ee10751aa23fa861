package io.costflow.model.alerting.budget;

import io.costflow.schemas.BudgetAlertKind;
import java.time.Duration;
import java.util.List;

/** Budget thresholds and the trailing window whose spend rate the forecast extrapolates. */
public record BudgetSettings(List<BudgetThreshold> thresholds, Duration runRateWindow) {

    public BudgetSettings {
        thresholds = List.copyOf(thresholds);
        if (runRateWindow.isNegative() || runRateWindow.isZero()) {
            throw new IllegalArgumentException("run-rate window must be positive");
        }
    }

    /** 50, 80 and 100 % actual, 100 % forecast; the run rate of the last 24 hours. */
    public static BudgetSettings defaults() {
        return new BudgetSettings(
                List.of(
                        new BudgetThreshold(BudgetAlertKind.ACTUAL, 50),
                        new BudgetThreshold(BudgetAlertKind.ACTUAL, 80),
                        new BudgetThreshold(BudgetAlertKind.ACTUAL, 100),
                        new BudgetThreshold(BudgetAlertKind.FORECAST, 100)),
                Duration.ofHours(24));
    }
}

package io.costflow.model.alerting.anomaly;

import io.costflow.model.alerting.budget.BudgetAlertEvent;
import io.costflow.model.alerting.budget.BudgetMonth;
import io.costflow.model.alerting.budget.FiredAlertLedger;
import io.costflow.model.alerting.budget.WindowSpend;
import io.costflow.schemas.BudgetAlertKind;
import io.costflow.schemas.BudgetScope;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Flags a window whose cost is far above the service's seasonal baseline (the same hour of the
 * week, by default). Median and median absolute deviation rather than mean and standard deviation,
 * so one past spike does not hide the next. Fires once per window.
 */
public final class CostAnomalyDetector {

    private static final BigDecimal TWO = BigDecimal.valueOf(2);

    private final AnomalySettings settings;

    public CostAnomalyDetector(AnomalySettings settings) {
        this.settings = settings;
    }

    /**
     * An ANOMALY alert for {@code window} if it is one and has not fired yet. {@code monthlyBudget}
     * may be null (reported as zero); the period is the window's month in {@code zone}.
     */
    public Optional<BudgetAlertEvent> evaluate(
            WindowSpend window,
            SeasonalBaseline baseline,
            FiredAlertLedger fired,
            String currency,
            BigDecimal monthlyBudget,
            ZoneId zone) {
        List<BigDecimal> history = baseline.history(window.start());
        if (history.size() < settings.minimumHistory()) {
            return Optional.empty();
        }
        BigDecimal expected = median(history);
        List<BigDecimal> deviations = new ArrayList<>();
        for (BigDecimal c : history) {
            deviations.add(c.subtract(expected).abs());
        }
        BigDecimal allowed =
                median(deviations).multiply(BigDecimal.valueOf(settings.sensitivity()));
        if (allowed.compareTo(settings.absoluteFloor()) < 0) {
            allowed = settings.absoluteFloor();
        }
        if (window.cost().compareTo(expected.add(allowed)) <= 0) {
            return Optional.empty();
        }
        YearMonth period = BudgetMonth.of(window.start(), zone).period();
        int threshold = (int) Math.round(settings.sensitivity() * 100);
        String id =
                BudgetAlertEvent.alertId(
                        BudgetScope.SERVICE,
                        window.serviceId(),
                        period,
                        BudgetAlertKind.ANOMALY,
                        threshold,
                        window.start().toString());
        if (!fired.markFired(id, period)) {
            return Optional.empty();
        }
        return Optional.of(
                new BudgetAlertEvent(
                        id,
                        BudgetScope.SERVICE,
                        window.serviceId(),
                        BudgetAlertKind.ANOMALY,
                        period,
                        threshold,
                        currency,
                        monthlyBudget == null ? BigDecimal.ZERO : monthlyBudget,
                        window.cost(),
                        window.provisional() ? window.cost() : BigDecimal.ZERO,
                        null,
                        expected,
                        window.cost(),
                        String.format(
                                Locale.ROOT,
                                "SERVICE %s: window %s cost %s %s, expected %s (more than %s above)",
                                window.serviceId(),
                                window.start(),
                                window.cost().stripTrailingZeros().toPlainString(),
                                currency,
                                expected.stripTrailingZeros().toPlainString(),
                                allowed.stripTrailingZeros().toPlainString()),
                        window.end()));
    }

    static BigDecimal median(List<BigDecimal> values) {
        List<BigDecimal> sorted = values.stream().sorted().toList();
        int mid = sorted.size() / 2;
        return sorted.size() % 2 == 1
                ? sorted.get(mid)
                : sorted.get(mid - 1).add(sorted.get(mid)).divide(TWO);
    }
}

package io.costflow.pipeline.alert;

import io.costflow.model.alerting.BurnRateSettings;
import io.costflow.model.alerting.anomaly.AnomalySettings;
import io.costflow.model.alerting.budget.BudgetSettings;
import io.costflow.model.alerting.budget.BudgetThreshold;
import io.costflow.pipeline.PipelineOptions;
import io.costflow.schemas.BudgetAlertKind;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.ReadableConfig;

/**
 * The alert rules' settings as plain serializable values, shipped with the Flink functions; the
 * cost-model settings are built from them when a function opens.
 *
 * @param burnRateTimeScale factor on every burn-rate window and the SLO period (1 = SRE workbook)
 * @param actualPercents budget shares that raise an ACTUAL alert once reached
 * @param forecastPercents budget shares that raise a FORECAST alert once the forecast reaches them
 * @param evaluationDelay processing time the burn-rate and budget rules wait after a window, so
 *     windows arriving together are evaluated in window order
 */
public record AlertSettings(
        double burnRateTimeScale,
        List<Integer> actualPercents,
        List<Integer> forecastPercents,
        Duration runRateWindow,
        double anomalySensitivity,
        BigDecimal anomalyAbsoluteFloor,
        int anomalyMinimumHistory,
        int anomalySeasonsKept,
        Duration anomalySeason,
        Duration evaluationDelay)
        implements Serializable {

    public AlertSettings {
        actualPercents = List.copyOf(actualPercents);
        forecastPercents = List.copyOf(forecastPercents);
        // Builds each once, so invalid settings fail when the job is defined, not when it runs.
        new AnomalySettings(
                anomalySensitivity,
                anomalyAbsoluteFloor,
                anomalyMinimumHistory,
                anomalySeasonsKept,
                anomalySeason);
        new BudgetSettings(List.of(), runRateWindow);
        BurnRateSettings.standard().scaledBy(burnRateTimeScale);
    }

    public static AlertSettings fromOptions(ReadableConfig options) {
        return new AlertSettings(
                options.get(PipelineOptions.ALERT_BURN_RATE_TIME_SCALE),
                options.get(PipelineOptions.ALERT_BUDGET_ACTUAL_PERCENTS),
                options.get(PipelineOptions.ALERT_BUDGET_FORECAST_PERCENTS),
                options.get(PipelineOptions.ALERT_FORECAST_RUN_RATE_WINDOW),
                options.get(PipelineOptions.ALERT_ANOMALY_SENSITIVITY),
                new BigDecimal(options.get(PipelineOptions.ALERT_ANOMALY_ABSOLUTE_FLOOR)),
                options.get(PipelineOptions.ALERT_ANOMALY_MINIMUM_HISTORY),
                options.get(PipelineOptions.ALERT_ANOMALY_SEASONS_KEPT),
                options.get(PipelineOptions.ALERT_ANOMALY_SEASON),
                options.get(PipelineOptions.ALERT_EVALUATION_DELAY));
    }

    /** The SRE workbook's SLO rules and 30-day period, scaled. */
    public BurnRateSettings burnRate() {
        return burnRateTimeScale == 1
                ? BurnRateSettings.standard()
                : BurnRateSettings.standard().scaledBy(burnRateTimeScale);
    }

    public BudgetSettings budget() {
        List<BudgetThreshold> thresholds = new ArrayList<>();
        actualPercents.forEach(p -> thresholds.add(new BudgetThreshold(BudgetAlertKind.ACTUAL, p)));
        forecastPercents.forEach(
                p -> thresholds.add(new BudgetThreshold(BudgetAlertKind.FORECAST, p)));
        return new BudgetSettings(thresholds, runRateWindow);
    }

    public AnomalySettings anomaly() {
        return new AnomalySettings(
                anomalySensitivity,
                anomalyAbsoluteFloor,
                anomalyMinimumHistory,
                anomalySeasonsKept,
                anomalySeason);
    }

    /**
     * How long after a service's newest window its alert state is still needed: the SLO lookback, a
     * month of spend plus the run-rate window and the burn-rate windows, and the anomaly baseline's
     * seasons. State of a service silent for longer is dropped.
     */
    public Duration retention() {
        Duration longest = burnRate().lookback();
        Duration longestRule =
                burnRate().rules().stream()
                        .map(r -> r.longWindow())
                        .max(Duration::compareTo)
                        .orElse(Duration.ZERO);
        Duration month = Duration.ofDays(31).plus(runRateWindow).plus(longestRule);
        if (month.compareTo(longest) > 0) {
            longest = month;
        }
        Duration seasons = anomalySeason.multipliedBy(anomalySeasonsKept);
        return seasons.compareTo(longest) > 0 ? seasons : longest;
    }
}

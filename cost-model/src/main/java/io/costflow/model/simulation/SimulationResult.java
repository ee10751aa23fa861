package io.costflow.model.simulation;

import io.costflow.model.slo.SloPrediction;

/**
 * What a scenario costs and does to a service, next to today's on-demand deployment.
 *
 * @param monthlySavings baseline − projected per month (negative when the scenario costs more)
 * @param horizonSavings monthly savings × the scenario's horizon
 * @param explanation plain language: the change, the money, and the SLO model's verdict
 */
public record SimulationResult(
        Scenario scenario,
        MonthlyCost baseline,
        MonthlyCost projected,
        MonthlyCost monthlySavings,
        MonthlyCost horizonSavings,
        SloPrediction prediction,
        String explanation) {}

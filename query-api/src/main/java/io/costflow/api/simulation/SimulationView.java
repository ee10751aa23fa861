package io.costflow.api.simulation;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.costflow.model.simulation.MonthlyCost;
import io.costflow.model.simulation.Scenario;
import io.costflow.model.simulation.SimulationResult;
import io.costflow.model.slo.SloPrediction;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * A simulated change and its figures, exactly as cost-model's {@code Simulator} computed them.
 * Amounts are exact decimal strings; a utilisation or latency the model finds unbounded (no replica
 * left, a queue that grows without end) is null, with the reason in {@code breaches}.
 *
 * @param sloHolds whether every SLO holds with the policy's headroom
 * @param verdict "SLOs hold" or the breaches, for people
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record SimulationView(
        ScenarioView scenario,
        Money baseline,
        Money projected,
        Money monthlySavings,
        Money horizonSavings,
        @Nullable Double projectedUtilization,
        @Nullable Double projectedMemoryUtilization,
        @Nullable Double projectedP99LatencyMs,
        boolean sloHolds,
        String verdict,
        List<String> breaches,
        String explanation,
        List<String> assumptions) {

    /** The deployment a scenario models. */
    @Serdeable
    public record ScenarioView(
            String name,
            String instanceType,
            int replicas,
            String pricingModel,
            double trafficMultiplier,
            int horizonMonths) {}

    /** A monthly amount at list price and at the price the service effectively pays. */
    @Serdeable
    public record Money(String list, String effective) {
        static Money of(MonthlyCost cost) {
            return new Money(cost.list().toPlainString(), cost.effective().toPlainString());
        }
    }

    public static SimulationView of(SimulationResult result) {
        Scenario s = result.scenario();
        SloPrediction p = result.prediction();
        return new SimulationView(
                new ScenarioView(
                        s.name(),
                        s.instanceType().name(),
                        s.replicas(),
                        s.pricingModel().name(),
                        s.trafficMultiplier(),
                        s.horizonMonths()),
                Money.of(result.baseline()),
                Money.of(result.projected()),
                Money.of(result.monthlySavings()),
                Money.of(result.horizonSavings()),
                finite(p.utilization()),
                p.memoryUtilization().isPresent()
                        ? finite(p.memoryUtilization().getAsDouble())
                        : null,
                finite(p.p99LatencyMs()),
                p.holds(),
                p.verdict(),
                p.breaches(),
                result.explanation(),
                p.assumptions());
    }

    /** JSON has no infinity or NaN. */
    static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}

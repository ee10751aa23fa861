package io.costflow.pipeline.alert;

import io.costflow.model.alerting.budget.LateBilling;
import io.costflow.schemas.BudgetAlert;
import io.costflow.schemas.CostStatus;
import io.costflow.schemas.Decimals;
import io.costflow.schemas.LatencyHistogram;
import io.costflow.schemas.ServiceConfig;
import io.costflow.schemas.ServiceCostWindow;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.types.Either;

/** Named instants, service configs and cost windows for the alert tests. */
final class AlertFixtures {

    /** The start of November 2026 in UTC: a 720-hour budget month. */
    static final Instant NOVEMBER = Instant.parse("2026-11-01T00:00:00Z");

    static final Duration HOUR = Duration.ofHours(1);

    /** Latency histogram bounds: ≤ 50 ms, ≤ 100 ms (the threshold), ≤ 200 ms, above. */
    static final List<Double> BOUNDS = List.of(50.0, 100.0, 200.0);

    private AlertFixtures() {}

    static Instant hoursLater(long hours) {
        return NOVEMBER.plus(HOUR.multipliedBy(hours));
    }

    /** Settings at the defaults (SRE workbook windows, 50/80/100 % and 100 % forecast). */
    static AlertSettings defaults() {
        return new AlertSettings(
                1.0,
                List.of(50, 80, 100),
                List.of(100),
                Duration.ofHours(24),
                5,
                new BigDecimal("0.10"),
                3,
                8,
                Duration.ofDays(7),
                EVALUATION_DELAY);
    }

    static final Duration EVALUATION_DELAY = Duration.ofMillis(100);

    /** Processes an element and lets the evaluation delay pass, as the job's clock would. */
    static <K, IN1, IN2, OUT> void process(
            org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness<K, IN1, IN2, OUT>
                    harness,
            IN1 element)
            throws Exception {
        harness.processElement(element, 1);
        harness.setProcessingTime(harness.getProcessingTime() + EVALUATION_DELAY.toMillis());
    }

    /** Processes a cost window revision in the service alert function. */
    static void process(
            org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness<
                            String,
                            Either<ServiceCostWindow, LateBilling>,
                            ServiceConfig,
                            BudgetAlert>
                    harness,
            ServiceCostWindow window)
            throws Exception {
        process(harness, Either.Left(window));
    }

    /** Processes billing that came after its window's allowed lateness. */
    static void process(
            org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness<
                            String,
                            Either<ServiceCostWindow, LateBilling>,
                            ServiceConfig,
                            BudgetAlert>
                    harness,
            LateBilling late)
            throws Exception {
        process(harness, Either.<ServiceCostWindow, LateBilling>Right(late));
    }

    /** 99.9 % availability, 99 % of requests at or under 100 ms, a budget in UTC (or none). */
    static ServiceConfig config(String serviceId, String owner, String monthlyBudget) {
        return config(serviceId, owner, monthlyBudget, "UTC");
    }

    static ServiceConfig config(String serviceId, String owner, String monthlyBudget, String zone) {
        return ServiceConfig.newBuilder()
                .setServiceId(serviceId)
                .setOwner(owner)
                .setAvailabilityTarget(0.999)
                .setLatencyThresholdMs(100)
                .setLatencyTarget(0.99)
                .setMonthlyBudget(monthlyBudget == null ? null : Decimals.of(monthlyBudget))
                .setBudgetCurrency("USD")
                .setBudgetTimeZone(zone)
                .setInstanceType("m6i.large")
                .setReplicas(2)
                .setVersion(1)
                .setUpdatedAt(NOVEMBER)
                .build();
    }

    /**
     * A provisional hourly window: {@code requests} fast requests, {@code errors} of them failed.
     */
    static ServiceCostWindow window(
            String serviceId, Instant start, long requests, long errors, String cost) {
        return window(serviceId, start, HOUR, requests, errors, 0, cost);
    }

    /** A provisional window with {@code slow} of its requests over the 100 ms threshold. */
    static ServiceCostWindow window(
            String serviceId,
            Instant start,
            Duration size,
            long requests,
            long errors,
            long slow,
            String cost) {
        BigDecimal amount = Decimals.of(cost);
        return ServiceCostWindow.newBuilder()
                .setServiceId(serviceId)
                .setWindowStart(start)
                .setWindowEnd(start.plus(size))
                .setStatus(CostStatus.PROVISIONAL)
                .setRevision(1)
                .setCurrency("USD")
                .setBilledCost(Decimals.ZERO)
                .setEffectiveCost(Decimals.ZERO)
                .setProvisionalCost(amount)
                .setRequestCount(requests)
                .setErrorCount(errors)
                .setLatency(
                        LatencyHistogram.newBuilder()
                                .setBucketBoundsMs(BOUNDS)
                                .setBucketCounts(List.of(requests - slow, 0L, slow, 0L))
                                .build())
                .setResourceCount(1)
                .setIdleCost(Decimals.ZERO)
                .setUpdatedAt(start.plus(size))
                .build();
    }

    /** The same window billed at {@code billed}, as a later revision. */
    static ServiceCostWindow billed(ServiceCostWindow w, long revision, String billed) {
        return ServiceCostWindow.newBuilder(w)
                .setStatus(revision > 2 ? CostStatus.CORRECTED : CostStatus.BILLED)
                .setRevision(revision)
                .setBilledCost(Decimals.of(billed))
                .setEffectiveCost(Decimals.of(billed))
                .build();
    }
}

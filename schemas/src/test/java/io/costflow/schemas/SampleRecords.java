package io.costflow.schemas;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One fully populated record of every contract type, for round-trip and compatibility tests. */
public final class SampleRecords {

    public static final Instant BEGINNING = Instant.parse("2026-11-01T00:00:00Z");
    public static final Instant ONE_HOUR_LATER = BEGINNING.plusSeconds(3600);

    private SampleRecords() {}

    public static LatencyHistogram histogram() {
        return LatencyHistogram.newBuilder()
                .setBucketBoundsMs(List.of(5.0, 10.0, 25.0, 50.0, 100.0))
                .setBucketCounts(List.of(10L, 20L, 30L, 5L, 1L, 0L))
                .build();
    }

    public static TelemetryEvent telemetry() {
        return TelemetryEvent.newBuilder()
                .setEventId("evt-1")
                .setServiceId("checkout")
                .setResourceId("i-0abc")
                .setInstanceType("m6i.large")
                .setRegion("eu-west-1")
                .setTimestamp(BEGINNING)
                .setIntervalSeconds(60)
                .setCpuUtilization(0.42)
                .setMemoryUtilization(0.61)
                .setRequestCount(66)
                .setErrorCount(1)
                .setLatency(histogram())
                .build();
    }

    public static BillingLineItem billing() {
        return BillingLineItem.newBuilder()
                .setLineItemId("li-1")
                .setBillingAccountId("acct-1")
                .setChargePeriodStart(BEGINNING)
                .setChargePeriodEnd(ONE_HOUR_LATER)
                .setChargeCategory(ChargeCategory.USAGE)
                .setChargeClass(ChargeClass.CORRECTION)
                .setBilledCost(Decimals.of("0.096000000001"))
                .setEffectiveCost(Decimals.of("0.0672"))
                .setListCost(Decimals.of("0.096"))
                .setBillingCurrency("USD")
                .setResourceId("i-0abc")
                .setServiceName("Amazon Elastic Compute Cloud")
                .setSkuId("SKU123")
                .setPricingUnit("Hours")
                .setConsumedQuantity(Decimals.of("1"))
                .setConsumedUnit("Hours")
                .setRegionId("eu-west-1")
                .setTags(Map.of("service", "checkout", "team", "payments"))
                .build();
    }

    public static ServiceConfig serviceConfig() {
        return ServiceConfig.newBuilder()
                .setServiceId("checkout")
                .setOwner("payments")
                .setAvailabilityTarget(0.999)
                .setLatencyThresholdMs(300)
                .setLatencyTarget(0.99)
                .setMonthlyBudget(Decimals.of("12000"))
                .setBudgetCurrency("USD")
                .setBudgetTimeZone("Europe/Berlin")
                .setInstanceType("m6i.large")
                .setReplicas(4)
                .setVersion(3)
                .setUpdatedAt(BEGINNING)
                .setDeployedAt(BEGINNING.minusSeconds(3600))
                .build();
    }

    public static ServiceCostWindow costWindow() {
        return ServiceCostWindow.newBuilder()
                .setServiceId("checkout")
                .setWindowStart(BEGINNING)
                .setWindowEnd(ONE_HOUR_LATER)
                .setStatus(CostStatus.BILLED)
                .setRevision(2)
                .setCurrency("USD")
                .setBilledCost(Decimals.of("1.5"))
                .setEffectiveCost(Decimals.of("1.2"))
                .setProvisionalCost(Decimals.of("1.4"))
                .setCostByChargeCategory(
                        List.of(
                                ChargeCategoryCost.newBuilder()
                                        .setChargeCategory(ChargeCategory.USAGE)
                                        .setCost(Decimals.of("1.5"))
                                        .build()))
                .setCostPerMillionRequests(Decimals.of("0.25"))
                .setRequestCount(6_000_000)
                .setErrorCount(12)
                .setLatency(histogram())
                .setCpuUtilization(stats())
                .setMemoryUtilization(stats())
                .setResourceCount(4)
                .setIdleCost(Decimals.ZERO)
                .setUpdatedAt(ONE_HOUR_LATER)
                .build();
    }

    public static UtilizationStats stats() {
        return UtilizationStats.newBuilder()
                .setSamples(240)
                .setP50(0.3)
                .setP95(0.55)
                .setP99(0.6)
                .setMax(0.7)
                .build();
    }

    public static Recommendation recommendation() {
        return Recommendation.newBuilder()
                .setRecommendationId("rec-checkout-rightsize")
                .setServiceId("checkout")
                .setKind(RecommendationKind.RIGHTSIZE)
                .setState(RecommendationState.OPEN)
                .setCurrentInstanceType("m6i.xlarge")
                .setCurrentReplicas(4)
                .setProposedInstanceType("m6i.large")
                .setProposedReplicas(4)
                .setProposedPricingModel(null)
                .setMonthlySavingsList(Decimals.of("280.32"))
                .setMonthlySavingsEffective(Decimals.of("196.22"))
                .setCurrency("USD")
                .setConfidence(0.9)
                .setPredictedUtilization(0.52)
                .setPredictedP99LatencyMs(140)
                .setExplanation("p95 CPU 21% on m6i.xlarge")
                .setRevision(1)
                .setCreatedAt(BEGINNING)
                .setUpdatedAt(BEGINNING)
                .build();
    }

    public static SlaAlert slaAlert() {
        return SlaAlert.newBuilder()
                .setAlertId("sla-checkout-availability-page-1")
                .setServiceId("checkout")
                .setSloKind(SloKind.AVAILABILITY)
                .setState(AlertState.FIRING)
                .setSeverity(AlertSeverity.PAGE)
                .setLongWindowSeconds(3600)
                .setShortWindowSeconds(300)
                .setLongWindowBurnRate(15.2)
                .setShortWindowBurnRate(20.1)
                .setErrorBudgetRemaining(0.4)
                .setEventTime(BEGINNING)
                .setEmittedAt(BEGINNING)
                .build();
    }

    public static BudgetAlert budgetAlert() {
        return BudgetAlert.newBuilder()
                .setAlertId("budget-checkout-2026-11-actual-80")
                .setScope(BudgetScope.SERVICE)
                .setScopeId("checkout")
                .setKind(BudgetAlertKind.ACTUAL)
                .setPeriod("2026-11")
                .setThresholdPercent(80)
                .setCurrency("USD")
                .setBudget(Decimals.of("12000"))
                .setSpendToDate(Decimals.of("9600.5"))
                .setProvisionalSpend(Decimals.of("120.25"))
                .setForecast(Decimals.of("14100"))
                .setExpectedCost(null)
                .setActualCost(null)
                .setMessage("80% of the monthly budget spent")
                .setEventTime(BEGINNING)
                .setEmittedAt(BEGINNING)
                .build();
    }

    /** One record of every contract type. */
    public static java.util.List<org.apache.avro.specific.SpecificRecord> all() {
        return List.of(
                telemetry(),
                billing(),
                serviceConfig(),
                costWindow(),
                recommendation(),
                slaAlert(),
                budgetAlert(),
                deadLetter());
    }

    public static DeadLetter deadLetter() {
        return DeadLetter.newBuilder()
                .setSourceTopic(Topics.BILLING)
                .setSourcePartition(1)
                .setSourceOffset(42)
                .setSourceTimestamp(BEGINNING)
                .setOriginalKey(java.nio.ByteBuffer.wrap(new byte[] {1, 2}))
                .setOriginalValue(java.nio.ByteBuffer.wrap(new byte[] {3, 4, 5}))
                .setReasonCode("undecodable")
                .setReason("not single-object encoded")
                .setStage("decode-billing")
                .setDeadLetteredAt(BEGINNING)
                .build();
    }
}

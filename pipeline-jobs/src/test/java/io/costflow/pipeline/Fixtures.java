package io.costflow.pipeline;

import io.costflow.schemas.BillingLineItem;
import io.costflow.schemas.ChargeCategory;
import io.costflow.schemas.Decimals;
import io.costflow.schemas.LatencyHistogram;
import io.costflow.schemas.TelemetryEvent;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Named instants and record factories, so tests read like the scenario they check. */
public final class Fixtures {

    public static final Instant BEGINNING = Instant.parse("2026-11-01T00:00:00Z");
    public static final Duration ONE_MINUTE = Duration.ofMinutes(1);

    private Fixtures() {}

    public static Instant minutesLater(long minutes) {
        return BEGINNING.plus(Duration.ofMinutes(minutes));
    }

    /** A 60 s telemetry sample of {@code resourceId} ending at {@code end}. */
    public static TelemetryEvent telemetry(
            String serviceId, String resourceId, Instant end, long requests, long errors) {
        return TelemetryEvent.newBuilder()
                .setEventId(serviceId + "/" + resourceId + "/" + end.toEpochMilli())
                .setServiceId(serviceId)
                .setResourceId(resourceId)
                .setInstanceType("m6i.large")
                .setRegion("eu-west-1")
                .setTimestamp(end)
                .setIntervalSeconds(60)
                .setCpuUtilization(0.4)
                .setMemoryUtilization(0.5)
                .setRequestCount(requests)
                .setErrorCount(errors)
                .setLatency(
                        LatencyHistogram.newBuilder()
                                .setBucketBoundsMs(List.of(50.0, 100.0))
                                .setBucketCounts(List.of(requests, 0L, 0L))
                                .build())
                .build();
    }

    /**
     * A USD usage line of {@code cost} for one minute from {@code start}, tagged with its service.
     */
    public static BillingLineItem usage(
            String lineItemId, String serviceTag, Instant start, String cost) {
        BigDecimal amount = Decimals.of(cost);
        return BillingLineItem.newBuilder()
                .setLineItemId(lineItemId)
                .setBillingAccountId("acct-1")
                .setChargePeriodStart(start)
                .setChargePeriodEnd(start.plus(ONE_MINUTE))
                .setChargeCategory(ChargeCategory.USAGE)
                .setBilledCost(amount)
                .setEffectiveCost(amount)
                .setListCost(amount)
                .setBillingCurrency("USD")
                .setResourceId("i-" + lineItemId)
                .setServiceName("Amazon Elastic Compute Cloud")
                .setTags(serviceTag == null ? Map.of() : Map.of("service", serviceTag))
                .build();
    }
}

package io.costflow.model.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.costflow.schemas.BillingLineItem;
import io.costflow.schemas.ChargeCategory;
import io.costflow.schemas.Decimals;
import io.costflow.schemas.LatencyHistogram;
import io.costflow.schemas.TelemetryEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ValidatorsTest {

    private static final Instant BEGINNING = Instant.parse("2026-11-01T00:00:00Z");

    private final TelemetryValidator telemetry = new TelemetryValidator();
    private final BillingValidator billing = new BillingValidator("USD");

    @Test
    void shouldAcceptPlausibleRecords() {
        assertThat(telemetry.validate(sample().build())).isEmpty();
        assertThat(billing.validate(line().build())).isEmpty();
    }

    @Test
    void shouldRejectTelemetryWithImpossibleNumbers() {
        assertThat(code(telemetry.validate(sample().setServiceId(" ").build())))
                .isEqualTo(Rejection.MISSING_ID);
        assertThat(code(telemetry.validate(sample().setIntervalSeconds(0).build())))
                .isEqualTo(Rejection.INVALID_PERIOD);
        assertThat(code(telemetry.validate(sample().setCpuUtilization(Double.NaN).build())))
                .isEqualTo(Rejection.INVALID_NUMBER);
        assertThat(code(telemetry.validate(sample().setMemoryUtilization(1.01).build())))
                .isEqualTo(Rejection.INVALID_NUMBER);
        assertThat(code(telemetry.validate(sample().setErrorCount(11).build())))
                .isEqualTo(Rejection.INVALID_NUMBER);
    }

    @Test
    void shouldRejectCountsThatWouldWrapAWindowsSums() {
        long max = TelemetryValidator.MAX_COUNT;
        assertThat(telemetry.validate(sample().setRequestCount(max).build())).isEmpty();
        assertThat(telemetry.validate(sample().setRequestCount(max + 1).build()))
                .hasValueSatisfying(
                        r -> {
                            assertThat(r.code()).isEqualTo(Rejection.INVALID_NUMBER);
                            assertThat(r.detail()).contains("requestCount", "" + (max + 1));
                        });
        assertThat(
                        telemetry.validate(
                                sample().setLatency(
                                                histogram(
                                                        List.of(10.0, 20.0),
                                                        List.of(max - 1, 1L, 0L)))
                                        .build()))
                .isEmpty();
        // Each bucket is within the bound; their total is not.
        assertThat(
                        code(
                                telemetry.validate(
                                        sample().setLatency(
                                                        histogram(
                                                                List.of(10.0, 20.0),
                                                                List.of(max, 1L, 0L)))
                                                .build())))
                .isEqualTo(Rejection.INVALID_HISTOGRAM);
    }

    @Test
    void shouldRejectTimestampsAbsurdlyFarInTheFuture() {
        java.time.Clock clock = java.time.Clock.fixed(BEGINNING, java.time.ZoneOffset.UTC);
        TelemetryValidator strict = new TelemetryValidator(java.time.Duration.ofHours(1), clock);
        BillingValidator strictBilling =
                new BillingValidator("USD", java.time.Duration.ofHours(1), clock);

        assertThat(strict.validate(sample().setTimestamp(BEGINNING.plusSeconds(3600)).build()))
                .isEmpty();
        assertThat(
                        code(
                                strict.validate(
                                        sample().setTimestamp(BEGINNING.plusSeconds(3601))
                                                .build())))
                .isEqualTo(Rejection.FUTURE_TIMESTAMP);
        assertThat(
                        code(
                                strictBilling.validate(
                                        line().setChargePeriodStart(BEGINNING.plusSeconds(7200))
                                                .setChargePeriodEnd(BEGINNING.plusSeconds(9000))
                                                .build())))
                .isEqualTo(Rejection.FUTURE_TIMESTAMP);
    }

    @Test
    void shouldRejectBrokenHistograms() {
        LatencyHistogram wrongSize = histogram(List.of(10.0, 20.0), List.of(1L, 2L));
        LatencyHistogram notIncreasing = histogram(List.of(20.0, 10.0), List.of(1L, 2L, 3L));

        assertThat(code(telemetry.validate(sample().setLatency(wrongSize).build())))
                .isEqualTo(Rejection.INVALID_HISTOGRAM);
        assertThat(code(telemetry.validate(sample().setLatency(notIncreasing).build())))
                .isEqualTo(Rejection.INVALID_HISTOGRAM);
    }

    @Test
    void shouldRejectBillingThatEndsBeforeItStartsOrIsInAnotherCurrency() {
        assertThat(code(billing.validate(line().setChargePeriodEnd(BEGINNING).build())))
                .isEqualTo(Rejection.INVALID_PERIOD);
        assertThat(code(billing.validate(line().setBillingCurrency("EUR").build())))
                .isEqualTo(Rejection.WRONG_CURRENCY);
        assertThat(
                        billing.validate(line().setBillingCurrency("EUR").build())
                                .orElseThrow()
                                .detail())
                .contains("EUR", "USD");
    }

    private static String code(Optional<Rejection> rejection) {
        return rejection.map(Rejection::code).orElse("accepted");
    }

    private static LatencyHistogram histogram(List<Double> bounds, List<Long> counts) {
        return LatencyHistogram.newBuilder()
                .setBucketBoundsMs(bounds)
                .setBucketCounts(counts)
                .build();
    }

    private static TelemetryEvent.Builder sample() {
        return TelemetryEvent.newBuilder()
                .setEventId("e1")
                .setServiceId("checkout")
                .setResourceId("i-1")
                .setInstanceType("m6i.large")
                .setRegion("eu-west-1")
                .setTimestamp(BEGINNING)
                .setIntervalSeconds(60)
                .setCpuUtilization(0.5)
                .setMemoryUtilization(0.5)
                .setRequestCount(10)
                .setErrorCount(1)
                .setLatency(histogram(List.of(10.0), List.of(9L, 1L)));
    }

    private static BillingLineItem.Builder line() {
        return BillingLineItem.newBuilder()
                .setLineItemId("li-1")
                .setBillingAccountId("acct")
                .setChargePeriodStart(BEGINNING)
                .setChargePeriodEnd(BEGINNING.plusSeconds(3600))
                .setChargeCategory(ChargeCategory.USAGE)
                .setBilledCost(Decimals.of("1"))
                .setEffectiveCost(Decimals.of("1"))
                .setListCost(Decimals.of("1"))
                .setBillingCurrency("USD")
                .setServiceName("Amazon Elastic Compute Cloud")
                .setTags(Map.of());
    }
}

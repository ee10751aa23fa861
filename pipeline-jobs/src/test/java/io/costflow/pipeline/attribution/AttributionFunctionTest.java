package io.costflow.pipeline.attribution;

import static io.costflow.pipeline.Fixtures.BEGINNING;
import static org.assertj.core.api.Assertions.assertThat;

import io.costflow.model.ServiceAttribution;
import io.costflow.model.billing.AttributedCharge;
import io.costflow.pipeline.Fixtures;
import io.costflow.pipeline.source.VersionedLine;
import io.costflow.schemas.BillingLineItem;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class AttributionFunctionTest {

    private static final Duration WAIT = Duration.ofMinutes(10);
    private static final long CHARGE_END = BEGINNING.plus(Fixtures.ONE_MINUTE).toEpochMilli();

    @Test
    void shouldAttributeALineAtOnceWhenTelemetryAlreadyNamedItsResource() throws Exception {
        try (var harness = harness()) {
            harness.processElement1(sighting("i-1", "checkout"), 1L);
            harness.processElement2(untagged("li-1", "i-1"), 2L);

            assertThat(harness.extractOutputValues())
                    .singleElement()
                    .satisfies(c -> assertThat(c.serviceId()).isEqualTo("checkout"));
            assertThat(harness.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void shouldHoldALineUntilTelemetryNamesItsResource() throws Exception {
        try (var harness = harness()) {
            harness.processElement2(untagged("li-1", "i-1"), 1L);
            harness.processElement2(untagged("li-2", "i-1"), 2L);
            assertThat(harness.extractOutputValues()).isEmpty();
            assertThat(harness.numEventTimeTimers()).isEqualTo(1);

            harness.processElement1(sighting("i-1", "search"), 3L);

            assertThat(harness.extractOutputValues())
                    .extracting(AttributedCharge::lineItemId, AttributedCharge::serviceId)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("li-1", "search"),
                            org.assertj.core.groups.Tuple.tuple("li-2", "search"));
            // The wait is over: no timer and no pending lines remain, only the learned mapping.
            assertThat(harness.numEventTimeTimers()).isZero();
            assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        }
    }

    @Test
    void shouldAttributeToUnallocatedWhenTheWaitEndsWithoutTelemetry() throws Exception {
        try (var harness = harness()) {
            harness.processElement2(untagged("li-1", "i-9"), 1L);

            harness.processBothWatermarks(
                    new org.apache.flink.streaming.api.watermark.Watermark(
                            CHARGE_END + WAIT.toMillis() - 1));
            assertThat(harness.extractOutputValues()).isEmpty();

            harness.processBothWatermarks(
                    new org.apache.flink.streaming.api.watermark.Watermark(
                            CHARGE_END + WAIT.toMillis()));

            assertThat(harness.extractOutputValues())
                    .singleElement()
                    .satisfies(
                            c ->
                                    assertThat(c.serviceId())
                                            .isEqualTo(ServiceAttribution.UNALLOCATED));
            assertThat(harness.numEventTimeTimers()).isZero();
            assertThat(harness.numKeyedStateEntries()).isZero();
        }
    }

    private static KeyedTwoInputStreamOperatorTestHarness<
                    String, ResourceSighting, VersionedLine, AttributedCharge>
            harness() throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
                new AttributionFunction(WAIT, Duration.ofDays(7)),
                ResourceSighting::resourceId,
                l -> l.line().getResourceId(),
                Types.STRING);
    }

    private static ResourceSighting sighting(String resource, String service) {
        return new ResourceSighting(resource, service, "m6i.large");
    }

    private static VersionedLine untagged(String id, String resource) {
        return new VersionedLine(
                BillingLineItem.newBuilder(Fixtures.usage(id, null, BEGINNING, "1.5"))
                        .setResourceId(resource)
                        .build(),
                1);
    }
}

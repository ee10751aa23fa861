package io.costflow.pipeline.usage;

import static org.assertj.core.api.Assertions.assertThat;

import io.costflow.pipeline.Fixtures;
import io.costflow.schemas.TelemetryEvent;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class DropRepeatedScrapesTest {

    private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");
    private static final Duration WINDOW = Duration.ofHours(1);
    private static final Duration LATENESS = Duration.ofDays(3);

    @Test
    void shouldPassEachScrapeOnceWhenItIsSentAgain() throws Exception {
        try (var harness = harness()) {
            TelemetryEvent first = Fixtures.telemetry("checkout", "i-1", T0, 100, 2);
            TelemetryEvent second =
                    Fixtures.telemetry("checkout", "i-1", T0.plusSeconds(60), 80, 0);
            TelemetryEvent otherResource = Fixtures.telemetry("checkout", "i-2", T0, 50, 0);

            harness.processElement(first, T0.toEpochMilli());
            harness.processElement(second, T0.toEpochMilli() + 60_000);
            harness.processElement(first, T0.toEpochMilli()); // the scraper's retry
            harness.processElement(otherResource, T0.toEpochMilli());
            harness.processElement(second, T0.toEpochMilli() + 60_000); // a replayed topic

            assertThat(harness.extractOutputValues())
                    .extracting(TelemetryEvent::getRequestCount)
                    .containsExactly(100L, 80L, 50L);
        }
    }

    @Test
    void shouldForgetAnIdOnceNoWindowCouldTakeItsScrapeAnyMore() throws Exception {
        try (var harness = harness()) {
            TelemetryEvent scrape = Fixtures.telemetry("checkout", "i-1", T0, 100, 2);
            long retention = WINDOW.plus(LATENESS).toMillis();
            harness.setStateTtlProcessingTime(0);
            harness.processElement(scrape, T0.toEpochMilli());

            harness.setStateTtlProcessingTime(retention - 1);
            harness.processElement(scrape, T0.toEpochMilli());
            assertThat(harness.extractOutputValues()).as("still remembered").hasSize(1);

            harness.setStateTtlProcessingTime(retention);
            harness.processElement(scrape, T0.toEpochMilli());

            // Forgotten: passed on, for the window to refuse as too late.
            assertThat(harness.extractOutputValues()).hasSize(2);
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, TelemetryEvent, TelemetryEvent>
            harness() throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new DropRepeatedScrapes(WINDOW, LATENESS),
                TelemetryEvent::getResourceId,
                Types.STRING);
    }
}

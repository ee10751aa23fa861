package io.costflow.pipeline.combine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class LocalPreAggregationTest {

    /** Sums longs per 10 ms window of their value; a single carries its element. */
    record Sum(long windowStart, long total, int count, Long single) {}

    static final class Summing implements LocalPreAggregation.Combiner<Long, long[], Sum> {
        @Override
        public String key(Long e) {
            return Long.toString(windowStart(e));
        }

        @Override
        public long windowStart(Long e) {
            return e / 10 * 10;
        }

        @Override
        public long windowEnd(Long e) {
            return windowStart(e) + 10;
        }

        @Override
        public long[] create() {
            return new long[2];
        }

        @Override
        public long[] add(long[] acc, Long e) {
            acc[0] += e;
            acc[1]++;
            return acc;
        }

        @Override
        public Sum combined(Long first, long[] acc) {
            return new Sum(windowStart(first), acc[0], (int) acc[1], null);
        }

        @Override
        public Sum single(Long e) {
            return new Sum(windowStart(e), e, 1, e);
        }
    }

    @Test
    void shouldEmitCombinedRecordsBeforeForwardingTheWatermark() throws Exception {
        try (var harness = harness(100)) {
            for (long v : new long[] {1, 2, 3, 11, 12}) {
                harness.processElement(new StreamRecord<>(v, v));
            }
            assertThat(harness.getOutput()).isEmpty();

            harness.processWatermark(new Watermark(5));

            List<Object> output = new ArrayList<>(harness.getOutput());
            assertThat(output).hasSize(3);
            assertThat(((StreamRecord<?>) output.get(0)).getValue())
                    .isEqualTo(new Sum(0, 6, 3, null));
            assertThat(((StreamRecord<?>) output.get(0)).getTimestamp()).isZero();
            assertThat(((StreamRecord<?>) output.get(1)).getValue())
                    .isEqualTo(new Sum(10, 23, 2, null));
            assertThat(output.get(2)).isEqualTo(new Watermark(5));
        }
    }

    @Test
    void shouldPassOnAloneWhatMayBeLate() throws Exception {
        try (var harness = harness(100)) {
            harness.processWatermark(new Watermark(20));
            harness.processElement(new StreamRecord<>(7L, 7L));

            assertThat(harness.extractOutputValues()).containsExactly(new Sum(0, 7, 1, 7L));
        }
    }

    @Test
    void shouldHoldNothingAcrossACheckpointOrTheEndOfInput() throws Exception {
        try (var harness = harness(100)) {
            harness.processElement(new StreamRecord<>(1L, 1L));
            harness.prepareSnapshotPreBarrier(1);
            assertThat(harness.extractOutputValues()).containsExactly(new Sum(0, 1, 1, null));

            harness.processElement(new StreamRecord<>(2L, 2L));
            harness.endInput();
            assertThat(harness.extractOutputValues()).hasSize(2);
        }
    }

    @Test
    void shouldEmitEarlyWhenTheBufferIsFull() throws Exception {
        try (var harness = harness(2)) {
            harness.processElement(new StreamRecord<>(1L, 1L));
            harness.processElement(new StreamRecord<>(11L, 11L));

            assertThat(harness.extractOutputValues()).hasSize(2);
        }
    }

    private static OneInputStreamOperatorTestHarness<Long, Sum> harness(int maxKeys)
            throws Exception {
        OneInputStreamOperatorTestHarness<Long, Sum> harness =
                new OneInputStreamOperatorTestHarness<>(
                        new LocalPreAggregation<>(new Summing(), maxKeys));
        harness.open();
        return harness;
    }
}

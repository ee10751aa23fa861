package io.costflow.model.usage;

import static org.assertj.core.api.Assertions.assertThat;

import io.costflow.schemas.LatencyHistogram;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatencyMergeTest {

    @Test
    void shouldAddCountsExactlyWhenBoundsAgree() {
        LatencyHistogram merged =
                LatencyMerge.merge(
                        h(List.of(10.0, 100.0), 5, 3, 1), h(List.of(10.0, 100.0), 1, 1, 2));

        assertThat(merged.getBucketCounts()).containsExactly(6L, 4L, 3L);
        assertThat(LatencyMerge.countAtOrBelow(merged, 100)).isEqualTo(10);
    }

    @Test
    void shouldKeepUpperBoundsTrueWhenBoundsDiffer() {
        LatencyHistogram merged =
                LatencyMerge.merge(h(List.of(10.0, 100.0), 5, 3, 1), h(List.of(50.0), 2, 7));

        assertThat(merged.getBucketBoundsMs()).containsExactly(10.0, 50.0, 100.0);
        assertThat(merged.getBucketCounts()).containsExactly(5L, 2L, 3L, 8L);
        assertThat(merged.getBucketCounts().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(18);
    }

    @Test
    void shouldTreatAMissingSideAsEmpty() {
        LatencyHistogram one = h(List.of(10.0), 1, 2);

        assertThat(LatencyMerge.merge(null, one)).isEqualTo(one);
        assertThat(LatencyMerge.merge(one, null)).isEqualTo(one);
        assertThat(LatencyMerge.merge(null, null)).isNull();
    }

    @Test
    void shouldReportBucketUpperBoundWhenAskedForPercentile() {
        // 100 requests: 90 at or under 10 ms, 9 under 100 ms, 1 in the overflow bucket.
        LatencyHistogram h = h(List.of(10.0, 100.0), 90, 9, 1);

        assertThat(LatencyMerge.percentile(h, 0.50)).hasValue(10.0);
        assertThat(LatencyMerge.percentile(h, 0.90)).hasValue(10.0);
        assertThat(LatencyMerge.percentile(h, 0.91)).hasValue(100.0);
        assertThat(LatencyMerge.percentile(h, 0.99)).hasValue(100.0);
        assertThat(LatencyMerge.percentile(h, 1.0)).hasValue(100.0);
    }

    @Test
    void shouldHaveNoPercentileWhenThereAreNoRequests() {
        assertThat(LatencyMerge.percentile(h(List.of(10.0), 0, 0), 0.99)).isEmpty();
        assertThat(LatencyMerge.percentile(null, 0.99)).isEmpty();
    }

    private static LatencyHistogram h(List<Double> bounds, long... counts) {
        return LatencyHistogram.newBuilder()
                .setBucketBoundsMs(bounds)
                .setBucketCounts(java.util.Arrays.stream(counts).boxed().toList())
                .build();
    }
}

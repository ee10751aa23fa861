package io.costflow.model.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.costflow.schemas.UtilizationStats;
import org.junit.jupiter.api.Test;

class ShareHistogramTest {

    @Test
    void shouldReportPercentilesToTheBucketAndTheExactMax() {
        ShareHistogram h = new ShareHistogram();
        for (int i = 1; i <= 100; i++) {
            h.add(i / 100.0 - 0.005); // 0.005, 0.015, ... 0.995
        }

        UtilizationStats stats = h.toStats();

        assertThat(stats.getSamples()).isEqualTo(100);
        assertThat(stats.getP50()).isCloseTo(0.50, within(1e-9));
        assertThat(stats.getP95()).isCloseTo(0.95, within(1e-9));
        assertThat(stats.getP99()).isCloseTo(0.99, within(1e-9));
        assertThat(stats.getMax()).isCloseTo(0.995, within(1e-9));
    }

    @Test
    void shouldMergeExactlyAsIfAllSamplesWereAddedToOne() {
        ShareHistogram a = new ShareHistogram();
        ShareHistogram b = new ShareHistogram();
        ShareHistogram all = new ShareHistogram();
        for (int i = 0; i < 500; i++) {
            double v = (i * 37 % 101) / 100.0;
            (i % 2 == 0 ? a : b).add(v);
            all.add(v);
        }

        a.merge(b);

        assertThat(a).isEqualTo(all);
    }

    @Test
    void shouldNeverReportAPercentileAboveTheMax() {
        ShareHistogram h = new ShareHistogram();
        h.add(0.421);
        h.add(0.421);

        assertThat(h.percentile(0.99)).isEqualTo(0.421);
        assertThat(new ShareHistogram().percentile(0.5)).isZero();
    }
}

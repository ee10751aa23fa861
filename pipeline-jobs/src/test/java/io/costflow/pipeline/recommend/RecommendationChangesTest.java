package io.costflow.pipeline.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import io.costflow.schemas.Decimals;
import io.costflow.schemas.Recommendation;
import io.costflow.schemas.RecommendationKind;
import io.costflow.schemas.RecommendationState;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RecommendationChangesTest {

    private static final Instant NOW = Instant.parse("2026-11-02T00:00:00Z");
    private static final double TEN_PERCENT = 0.10;

    @Test
    void shouldCountNewOrReopenedRecommendationAsMaterial() {
        Recommendation open = rightsize("m6i.large", "100.00", 1.0);

        assertThat(RecommendationChanges.materiallyChanged(null, open, TEN_PERCENT)).isTrue();
        assertThat(
                        RecommendationChanges.materiallyChanged(
                                RecommendationChanges.withdrawn(open, "gone", NOW),
                                open,
                                TEN_PERCENT))
                .isTrue();
    }

    @Test
    void shouldIgnoreSavingsDriftWhenItStaysUnderTheThreshold() {
        Recommendation before = rightsize("m6i.large", "100.00", 1.0);

        assertThat(
                        RecommendationChanges.materiallyChanged(
                                before, rightsize("m6i.large", "109.99", 1.0), TEN_PERCENT))
                .isFalse();
        assertThat(
                        RecommendationChanges.materiallyChanged(
                                before, rightsize("m6i.large", "90.00", 1.0), TEN_PERCENT))
                .isTrue();
        assertThat(
                        RecommendationChanges.materiallyChanged(
                                before, rightsize("m6i.large", "100.00", 0.85), TEN_PERCENT))
                .isTrue();
    }

    @Test
    void shouldCountADifferentProposalAsMaterialWhenSavingsAreEqual() {
        assertThat(
                        RecommendationChanges.materiallyChanged(
                                rightsize("m6i.large", "100.00", 1.0),
                                rightsize("r6i.large", "100.00", 1.0),
                                TEN_PERCENT))
                .isTrue();
    }

    @Test
    void shouldReviseAtTheEmissionTimeOrOneAboveThePreviousWhenTheClockIsBehindIt() {
        Recommendation open = rightsize("m6i.large", "100.00", 1.0);
        open.setRevision(NOW.toEpochMilli() + 5);

        assertThat(RecommendationChanges.nextRevision(null, NOW)).isEqualTo(NOW.toEpochMilli());
        assertThat(RecommendationChanges.nextRevision(null, Instant.EPOCH)).isEqualTo(1);
        assertThat(RecommendationChanges.nextRevision(open, NOW)).isEqualTo(NOW.toEpochMilli() + 6);
        assertThat(RecommendationChanges.nextRevision(open, NOW.plusSeconds(1)))
                .isEqualTo(NOW.plusSeconds(1).toEpochMilli());
    }

    @Test
    void shouldWithdrawWithTheNextRevisionAndTheReason() {
        Recommendation open = rightsize("m6i.large", "100.00", 1.0);

        Recommendation withdrawn =
                RecommendationChanges.withdrawn(open, "predicted p99 420 ms > SLO 300 ms", NOW);

        assertThat(withdrawn.getState()).isEqualTo(RecommendationState.WITHDRAWN);
        assertThat(withdrawn.getRecommendationId()).isEqualTo(open.getRecommendationId());
        assertThat(withdrawn.getRevision()).isEqualTo(NOW.toEpochMilli());
        assertThat(withdrawn.getCreatedAt()).isEqualTo(open.getCreatedAt());
        assertThat(withdrawn.getUpdatedAt()).isEqualTo(NOW);
        assertThat(withdrawn.getExplanation())
                .startsWith("Withdrawn: predicted p99 420 ms > SLO 300 ms");
    }

    private static Recommendation rightsize(String proposed, String savings, double confidence) {
        return Recommendation.newBuilder()
                .setRecommendationId("checkout/rightsize")
                .setServiceId("checkout")
                .setKind(RecommendationKind.RIGHTSIZE)
                .setState(RecommendationState.OPEN)
                .setCurrentInstanceType("m6i.2xlarge")
                .setCurrentReplicas(4)
                .setProposedInstanceType(proposed)
                .setMonthlySavingsList(Decimals.of(savings))
                .setMonthlySavingsEffective(Decimals.of(savings))
                .setCurrency("USD")
                .setConfidence(confidence)
                .setPredictedUtilization(0.6)
                .setPredictedP99LatencyMs(80)
                .setExplanation("rightsize")
                .setRevision(3)
                .setCreatedAt(NOW.minusSeconds(3600))
                .setUpdatedAt(NOW.minusSeconds(3600))
                .build();
    }
}

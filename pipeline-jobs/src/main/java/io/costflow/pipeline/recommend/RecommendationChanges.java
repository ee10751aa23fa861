package io.costflow.pipeline.recommend;

import io.costflow.schemas.CostStatus;
import io.costflow.schemas.Decimals;
import io.costflow.schemas.Recommendation;
import io.costflow.schemas.RecommendationState;
import io.costflow.schemas.ServiceCostWindow;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The recommendation stage's rules about what is worth emitting, free of Flink: when a fresh
 * recommendation differs materially from the one last emitted, what a withdrawal looks like, and
 * which figures of a cost window the lookback keeps.
 */
final class RecommendationChanges {

    private RecommendationChanges() {}

    /**
     * True when {@code next} should be emitted after {@code previous}: there was none, it was
     * withdrawn, the proposed change (from what, to what) differs, or the list-price monthly
     * savings moved by at least {@code threshold} (a share, e.g. 0.10) of the earlier figure, or
     * the confidence moved by at least {@code threshold} (as the lookback fills up).
     */
    static boolean materiallyChanged(
            Recommendation previous, Recommendation next, double threshold) {
        if (previous == null || previous.getState() != RecommendationState.OPEN) {
            return true;
        }
        if (!Objects.equals(previous.getCurrentInstanceType(), next.getCurrentInstanceType())
                || previous.getCurrentReplicas() != next.getCurrentReplicas()
                || !Objects.equals(
                        previous.getProposedInstanceType(), next.getProposedInstanceType())
                || !Objects.equals(previous.getProposedReplicas(), next.getProposedReplicas())
                || !Objects.equals(
                        previous.getProposedPricingModel(), next.getProposedPricingModel())) {
            return true;
        }
        if (Math.abs(next.getConfidence() - previous.getConfidence()) >= threshold) {
            return true;
        }
        BigDecimal before = previous.getMonthlySavingsList();
        BigDecimal after = next.getMonthlySavingsList();
        if (before.signum() == 0) {
            return after.signum() != 0;
        }
        BigDecimal change =
                after.subtract(before).abs().divide(before.abs(), MathContext.DECIMAL64);
        return change.compareTo(BigDecimal.valueOf(threshold)) >= 0;
    }

    /**
     * The revision of a recommendation emitted at {@code now} after {@code previous} (null when
     * there was none): the emission time in epoch milliseconds, or one more than {@code previous}
     * when the clock has not moved past it.
     *
     * <p>A count of emissions would not do. The topic and the upsert keep the highest revision, and
     * a run that failed after its last checkpoint may have emitted revisions that the restored
     * state does not know; the replay evaluates at other moments than the lost run did, so it can
     * emit other content under the same numbers, and PostgreSQL would refuse it and consumers would
     * drop it as a repeat. Emission times are later in the replay than in any run before it, as
     * long as the clocks of the task managers agree to within the time a restart takes. They also
     * keep rising when a service's state was dropped after {@link
     * RecommendationSettings#withdrawnRetention()}, where a count would start again at 1.
     */
    static long nextRevision(Recommendation previous, Instant now) {
        long floor = previous == null ? 1 : previous.getRevision() + 1;
        return Math.max(floor, now.toEpochMilli());
    }

    /** {@code open} as WITHDRAWN at its {@link #nextRevision}, saying why. */
    static Recommendation withdrawn(Recommendation open, String why, Instant now) {
        return Recommendation.newBuilder(open)
                .setState(RecommendationState.WITHDRAWN)
                .setRevision(nextRevision(open, now))
                .setExplanation("Withdrawn: " + why + ". Was: " + open.getExplanation())
                .setUpdatedAt(now)
                .build();
    }

    /**
     * The figures of {@code window} a {@code ServiceProfile} reads; cost breakdowns and per-window
     * extras are dropped so the lookback's state stays small.
     */
    static ServiceCostWindow compact(ServiceCostWindow window) {
        boolean billed = window.getStatus() != CostStatus.PROVISIONAL;
        return ServiceCostWindow.newBuilder()
                .setServiceId(window.getServiceId())
                .setWindowStart(window.getWindowStart())
                .setWindowEnd(window.getWindowEnd())
                .setStatus(window.getStatus())
                .setRevision(window.getRevision())
                .setCurrency(window.getCurrency())
                .setBilledCost(billed ? window.getBilledCost() : Decimals.ZERO)
                .setEffectiveCost(billed ? window.getEffectiveCost() : Decimals.ZERO)
                .setProvisionalCost(Decimals.ZERO)
                .setCostByChargeCategory(List.of())
                .setCostPerMillionRequests(null)
                .setRequestCount(window.getRequestCount())
                .setErrorCount(0)
                .setLatency(window.getLatency())
                .setCpuUtilization(window.getCpuUtilization())
                .setMemoryUtilization(window.getMemoryUtilization())
                .setResourceCount(0)
                .setIdleCost(Decimals.ZERO)
                .setUpdatedAt(window.getUpdatedAt())
                .build();
    }
}

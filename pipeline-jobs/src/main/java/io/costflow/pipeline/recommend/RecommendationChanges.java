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

    /** {@code open} as WITHDRAWN, one revision later, saying why. */
    static Recommendation withdrawn(Recommendation open, String why, Instant now) {
        return Recommendation.newBuilder(open)
                .setState(RecommendationState.WITHDRAWN)
                .setRevision(open.getRevision() + 1)
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

package io.costflow.model.window;

import io.costflow.model.billing.BillingTotals;
import io.costflow.model.usage.ResourceUsage;
import io.costflow.model.usage.UsageTotals;
import io.costflow.schemas.ChargeCategory;
import io.costflow.schemas.ChargeCategoryCost;
import io.costflow.schemas.CostStatus;
import io.costflow.schemas.Decimals;
import io.costflow.schemas.ServiceCostWindow;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link ServiceCostWindow} from what telemetry and billing say about the same service and
 * window. Either side may be missing: telemetry alone gives a PROVISIONAL window priced from the
 * catalog, billing makes it BILLED, and a correction or restatement after that makes it CORRECTED.
 */
public final class CostWindowAssembler {

    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    private final String currency;
    private final IdlePolicy idlePolicy;

    public CostWindowAssembler(String currency, IdlePolicy idlePolicy) {
        this.currency = currency;
        this.idlePolicy = idlePolicy;
    }

    /**
     * @param usage the window's telemetry, or null if none has arrived
     * @param billing the window's billing, or null if none has arrived
     */
    public ServiceCostWindow assemble(
            String serviceId,
            long windowStart,
            long windowEnd,
            long revision,
            UsageTotals usage,
            BillingTotals billing,
            Instant updatedAt) {
        boolean billed = billing != null && billing.getCharges() > 0;
        BigDecimal provisional = usage == null ? Decimals.ZERO : usage.getProvisionalCost();
        BigDecimal cost = billed ? billing.getBilledCost() : provisional;
        long requests = usage == null ? 0 : usage.getRequests();

        return ServiceCostWindow.newBuilder()
                .setServiceId(serviceId)
                .setWindowStart(Instant.ofEpochMilli(windowStart))
                .setWindowEnd(Instant.ofEpochMilli(windowEnd))
                .setStatus(status(billing))
                .setRevision(revision)
                .setCurrency(currency)
                .setBilledCost(billed ? Decimals.normalize(billing.getBilledCost()) : Decimals.ZERO)
                .setEffectiveCost(
                        billed ? Decimals.normalize(billing.getEffectiveCost()) : Decimals.ZERO)
                .setProvisionalCost(Decimals.normalize(provisional))
                .setCostByChargeCategory(byCategory(billing))
                .setCostPerMillionRequests(
                        requests == 0
                                ? null
                                : cost.multiply(MILLION)
                                        .divide(
                                                BigDecimal.valueOf(requests),
                                                Decimals.SCALE,
                                                RoundingMode.HALF_EVEN))
                .setRequestCount(requests)
                .setErrorCount(usage == null ? 0 : usage.getErrors())
                .setLatency(usage == null ? null : usage.getLatency())
                .setCpuUtilization(usage == null ? null : usage.getCpu().toStats())
                .setMemoryUtilization(usage == null ? null : usage.getMemory().toStats())
                .setResourceCount(usage == null ? 0 : usage.getResources().size())
                .setIdleCost(Decimals.normalize(idleCost(usage, billed ? billing : null)))
                .setUpdatedAt(updatedAt)
                .build();
    }

    static CostStatus status(BillingTotals billing) {
        if (billing == null || billing.getCharges() == 0) {
            return CostStatus.PROVISIONAL;
        }
        return billing.getCorrections() > 0 ? CostStatus.CORRECTED : CostStatus.BILLED;
    }

    /** Cost of the idle resources: billed where billing names the resource, else provisional. */
    private BigDecimal idleCost(UsageTotals usage, BillingTotals billing) {
        if (usage == null) {
            return Decimals.ZERO;
        }
        BigDecimal idle = Decimals.ZERO;
        for (Map.Entry<String, ResourceUsage> e : usage.getResources().entrySet()) {
            ResourceUsage r = e.getValue();
            if (r.meanCpu() < idlePolicy.maxMeanCpu()
                    && r.getRequests() <= idlePolicy.maxRequests()) {
                BigDecimal billedForResource =
                        billing == null ? null : billing.getBilledByResource().get(e.getKey());
                idle =
                        idle.add(
                                billedForResource != null
                                        ? billedForResource
                                        : r.getProvisionalCost());
            }
        }
        return idle;
    }

    private static List<ChargeCategoryCost> byCategory(BillingTotals billing) {
        List<ChargeCategoryCost> costs = new ArrayList<>();
        if (billing == null) {
            return costs;
        }
        for (ChargeCategory category : ChargeCategory.values()) {
            BigDecimal cost = billing.getBilledByCategory().get(category.name());
            if (cost != null) {
                costs.add(
                        ChargeCategoryCost.newBuilder()
                                .setChargeCategory(category)
                                .setCost(Decimals.normalize(cost))
                                .build());
            }
        }
        return costs;
    }
}

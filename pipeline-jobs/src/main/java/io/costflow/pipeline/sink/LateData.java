package io.costflow.pipeline.sink;

import io.costflow.model.billing.AttributedCharge;
import io.costflow.model.validation.Rejection;
import io.costflow.pipeline.billing.BillingPartial;
import io.costflow.pipeline.usage.PricedSample;
import io.costflow.pipeline.usage.UsagePartial;
import io.costflow.schemas.BillingLineItem;
import io.costflow.schemas.ChargeCategory;
import io.costflow.schemas.DeadLetter;
import io.costflow.schemas.Decimals;
import io.costflow.schemas.serde.Serdes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * Dead letters for data that arrived after its window's allowed lateness: nothing is dropped
 * silently. The letter carries the record as the window saw it (for a charge, its share of that
 * window), re-encoded with the topic's serde.
 */
public final class LateData {

    private LateData() {}

    /** A late usage partial: the sample it carries, or a summary if it combined several. */
    public static DeadLetter lateUsage(UsagePartial partial, String topic) {
        if (partial.single() != null) {
            return lateSample(partial.single(), topic);
        }
        return letter(
                topic,
                partial.serviceId(),
                new byte[0],
                partial.totals().getRequests()
                        + " requests of "
                        + partial.serviceId()
                        + " for the window at "
                        + Instant.ofEpochMilli(partial.windowStart())
                        + " arrived after its allowed lateness",
                "usage-windows");
    }

    /** A late billing partial: the charge share it carries, or a summary if it combined several. */
    public static DeadLetter lateBilling(BillingPartial partial, String topic, String currency) {
        if (partial.single() != null) {
            return lateCharge(partial.single(), topic, currency);
        }
        return letter(
                topic,
                partial.serviceId(),
                new byte[0],
                partial.totals().getCharges()
                        + " charges of "
                        + partial.serviceId()
                        + " billed "
                        + partial.totals().getBilledCost().toPlainString()
                        + " for the window at "
                        + Instant.ofEpochMilli(partial.windowStart())
                        + " arrived after its allowed lateness",
                "billing-windows");
    }

    public static DeadLetter lateSample(PricedSample priced, String topic) {
        return letter(
                topic,
                priced.sample().getResourceId(),
                Serdes.telemetry().serialize(priced.sample()),
                "telemetry of "
                        + priced.sample().getServiceId()
                        + " at "
                        + priced.sample().getTimestamp()
                        + " arrived after its window's allowed lateness",
                "usage-windows");
    }

    public static DeadLetter lateCharge(AttributedCharge charge, String topic, String currency) {
        BillingLineItem share =
                BillingLineItem.newBuilder()
                        .setLineItemId(charge.lineItemId())
                        .setBillingAccountId("")
                        .setChargePeriodStart(Instant.ofEpochMilli(charge.chargePeriodStart()))
                        .setChargePeriodEnd(Instant.ofEpochMilli(charge.chargePeriodEnd()))
                        .setChargeCategory(ChargeCategory.valueOf(charge.chargeCategory()))
                        .setBilledCost(Decimals.normalize(charge.billedCost()))
                        .setEffectiveCost(Decimals.normalize(charge.effectiveCost()))
                        .setListCost(Decimals.normalize(charge.listCost()))
                        .setBillingCurrency(currency)
                        .setResourceId(charge.resourceId())
                        .setServiceName("")
                        .setTags(Map.of("service", charge.serviceId()))
                        .build();
        return letter(
                topic,
                charge.lineItemId(),
                Serdes.billing().serialize(share),
                "share of line item "
                        + charge.lineItemId()
                        + " for "
                        + Instant.ofEpochMilli(charge.chargePeriodStart())
                        + " arrived after its window's allowed lateness (billed "
                        + charge.billedCost().toPlainString()
                        + ")",
                "billing-windows");
    }

    private static DeadLetter letter(
            String topic, String key, byte[] value, String reason, String stage) {
        return DeadLetter.newBuilder()
                .setSourceTopic(topic)
                .setSourcePartition(-1)
                .setSourceOffset(-1)
                .setSourceTimestamp(null)
                .setOriginalKey(
                        key == null ? null : ByteBuffer.wrap(key.getBytes(StandardCharsets.UTF_8)))
                .setOriginalValue(ByteBuffer.wrap(value))
                .setReasonCode(Rejection.TOO_LATE)
                .setReason(reason)
                .setStage(stage)
                .setDeadLetteredAt(Instant.now())
                .build();
    }
}

package io.costflow.schemas.serde;

import io.costflow.schemas.BillingLineItem;
import io.costflow.schemas.BudgetAlert;
import io.costflow.schemas.DeadLetter;
import io.costflow.schemas.Recommendation;
import io.costflow.schemas.ServiceConfig;
import io.costflow.schemas.ServiceCostWindow;
import io.costflow.schemas.SlaAlert;
import io.costflow.schemas.TelemetryEvent;

/** The serde of each topic's value type, in one place so every producer and reader agrees. */
public final class Serdes {

    private Serdes() {}

    public static RecordSerde<TelemetryEvent> telemetry() {
        return AvroSingleObjectSerde.forClass(TelemetryEvent.class);
    }

    public static RecordSerde<BillingLineItem> billing() {
        return AvroSingleObjectSerde.forClass(BillingLineItem.class);
    }

    public static RecordSerde<ServiceConfig> serviceConfig() {
        return AvroSingleObjectSerde.forClass(ServiceConfig.class);
    }

    public static RecordSerde<ServiceCostWindow> costWindow() {
        return AvroSingleObjectSerde.forClass(ServiceCostWindow.class);
    }

    public static RecordSerde<Recommendation> recommendation() {
        return AvroSingleObjectSerde.forClass(Recommendation.class);
    }

    public static RecordSerde<SlaAlert> slaAlert() {
        return AvroSingleObjectSerde.forClass(SlaAlert.class);
    }

    public static RecordSerde<BudgetAlert> budgetAlert() {
        return AvroSingleObjectSerde.forClass(BudgetAlert.class);
    }

    public static RecordSerde<DeadLetter> deadLetter() {
        return AvroSingleObjectSerde.forClass(DeadLetter.class);
    }
}

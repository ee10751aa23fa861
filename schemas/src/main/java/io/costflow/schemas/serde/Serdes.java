package io.costflow.schemas.serde;

import io.costflow.schemas.BillingLineItem;
import io.costflow.schemas.BudgetAlert;
import io.costflow.schemas.DeadLetter;
import io.costflow.schemas.Recommendation;
import io.costflow.schemas.ServiceConfig;
import io.costflow.schemas.ServiceCostWindow;
import io.costflow.schemas.SlaAlert;
import io.costflow.schemas.TelemetryEvent;
import org.apache.avro.specific.SpecificRecord;

/**
 * The serde of each topic's value type, in one place so every producer and reader agrees. Each also
 * decodes what producers of earlier releases wrote ({@link ReleasedSchemas}).
 */
public final class Serdes {

    private Serdes() {}

    private static <T extends SpecificRecord> RecordSerde<T> released(Class<T> recordClass) {
        return AvroSingleObjectSerde.forClass(recordClass)
                .withPreviousSchemas(
                        ReleasedSchemas.of(recordClass.getSimpleName(), ReleasedSchemas.VERSIONS));
    }

    public static RecordSerde<TelemetryEvent> telemetry() {
        return released(TelemetryEvent.class);
    }

    public static RecordSerde<BillingLineItem> billing() {
        return released(BillingLineItem.class);
    }

    public static RecordSerde<ServiceConfig> serviceConfig() {
        return released(ServiceConfig.class);
    }

    public static RecordSerde<ServiceCostWindow> costWindow() {
        return released(ServiceCostWindow.class);
    }

    public static RecordSerde<Recommendation> recommendation() {
        return released(Recommendation.class);
    }

    public static RecordSerde<SlaAlert> slaAlert() {
        return released(SlaAlert.class);
    }

    public static RecordSerde<BudgetAlert> budgetAlert() {
        return released(BudgetAlert.class);
    }

    public static RecordSerde<DeadLetter> deadLetter() {
        return released(DeadLetter.class);
    }
}

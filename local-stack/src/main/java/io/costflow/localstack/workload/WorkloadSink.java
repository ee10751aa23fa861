package io.costflow.localstack.workload;

import io.costflow.schemas.BillingLineItem;
import io.costflow.schemas.TelemetryEvent;

/** Where generated records go: Kafka in the demo, a list in tests. */
public interface WorkloadSink {

    void telemetry(TelemetryEvent event);

    void billing(BillingLineItem line);

    /**
     * A line item again, under the same lineItemId, with a corrected cost; it replaces the earlier
     * version. Sent like any other line unless a sink counts restatements apart.
     */
    default void restatement(BillingLineItem line) {
        billing(line);
    }
}

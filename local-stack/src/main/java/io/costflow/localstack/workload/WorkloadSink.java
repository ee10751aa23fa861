package io.costflow.localstack.workload;

import io.costflow.schemas.BillingLineItem;
import io.costflow.schemas.TelemetryEvent;

/** Where generated records go: Kafka in the demo, a list in tests. */
public interface WorkloadSink {

    void telemetry(TelemetryEvent event);

    void billing(BillingLineItem line);
}

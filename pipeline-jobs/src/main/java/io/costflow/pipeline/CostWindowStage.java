package io.costflow.pipeline;

import io.costflow.schemas.ServiceConfig;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * A part of the pipeline that evaluates the cost windows against the services' configs (the
 * recommendation and alert stages, DESIGN.md Processing steps 5–7). It adds its operators and sinks
 * to the windows' environment.
 */
public interface CostWindowStage {

    /**
     * @param costs the cost windows, and the billing that came too late for them
     * @param configs the services' configs, to be broadcast (see {@code ServiceConfigs})
     */
    void attach(CostWindowStreams costs, DataStream<ServiceConfig> configs);
}

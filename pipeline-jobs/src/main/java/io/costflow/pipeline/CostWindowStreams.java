package io.costflow.pipeline;

import io.costflow.model.alerting.budget.LateBilling;
import io.costflow.schemas.ServiceCostWindow;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * What the cost-window job hands to the stages that evaluate its results.
 *
 * @param windows every revision of every cost window, as the merge emits them
 * @param tooLateBilling billing that came after its window's allowed lateness, per service and
 *     window: dead-lettered, and in no cost window, but still counted in budgets
 */
public record CostWindowStreams(
        DataStream<ServiceCostWindow> windows, DataStream<LateBilling> tooLateBilling) {}

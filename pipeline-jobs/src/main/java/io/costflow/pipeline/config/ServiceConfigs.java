package io.costflow.pipeline.config;

import io.costflow.model.alerting.budget.Budget;
import io.costflow.model.validation.ServiceConfigValidator;
import io.costflow.pipeline.source.DecodeFunction;
import io.costflow.pipeline.source.RawRecord;
import io.costflow.schemas.ServiceConfig;
import io.costflow.schemas.serde.Serdes;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service configs of the compacted {@code costflow.service-config.v1} topic as a stream, for
 * the stages that hold them as broadcast state ({@link #BROADCAST_STATE}, keyed by serviceId).
 *
 * <p>Config changes are not events on the cost windows' clock: the stream is marked idle, so that
 * an operator joining it with event-time data keeps the data side's watermark instead of waiting
 * forever on a topic that is written once a week. Idle, not a watermark of {@code Long.MAX_VALUE}:
 * once the data side went idle too (no telemetry for the idle timeout), a two-input operator takes
 * the watermark of its inputs that are still active, and the end of time fired every event-time
 * timer of the alert and recommendation stages — their clean-ups wiped the month's spend and the
 * fired alerts, which then fired again.
 */
public final class ServiceConfigs {

    /** The latest config of every service, as broadcast state. */
    public static final MapStateDescriptor<String, ServiceConfig> BROADCAST_STATE =
            new MapStateDescriptor<>(
                    "service-configs", Types.STRING, new AvroTypeInfo<>(ServiceConfig.class));

    private ServiceConfigs() {}

    /**
     * Decodes and validates the topic's records; rejects leave through {@link
     * DecodeFunction#DEAD_LETTERS} of the returned operator. Pass the result through {@link
     * #withoutEventTime} before joining it with event-time data.
     */
    public static SingleOutputStreamOperator<ServiceConfig> decode(
            StreamExecutionEnvironment env, Source<RawRecord, ?, ?> source) {
        return env.fromSource(source, WatermarkStrategy.noWatermarks(), "service-configs")
                .uid("service-config-source")
                .process(
                        DecodeFunction.records(
                                Serdes.serviceConfig(),
                                new ServiceConfigValidator(),
                                "decode-service-config"))
                .returns(new AvroTypeInfo<>(ServiceConfig.class))
                .name("decode-service-config")
                .uid("decode-service-config");
    }

    /**
     * The configs as the stages use them: a budget in another currency than billing is dropped
     * (logged and counted in {@code budgetsInForeignCurrency}), the rest of the config stays.
     */
    public static SingleOutputStreamOperator<ServiceConfig> withBudgetsIn(
            DataStream<ServiceConfig> configs, String billingCurrency) {
        return configs.map(new DropForeignBudget(billingCurrency))
                .returns(new AvroTypeInfo<>(ServiceConfig.class))
                .name("drop-foreign-budgets")
                .uid("drop-foreign-budgets");
    }

    /** Drops a budget spend cannot be held against, and says so. */
    private static final class DropForeignBudget
            extends RichMapFunction<ServiceConfig, ServiceConfig> {

        private static final long serialVersionUID = 1L;
        private static final Logger LOG = LoggerFactory.getLogger(DropForeignBudget.class);

        private final String billingCurrency;
        private transient Counter dropped;

        DropForeignBudget(String billingCurrency) {
            this.billingCurrency = billingCurrency;
        }

        @Override
        public void open(OpenContext openContext) {
            dropped = getRuntimeContext().getMetricGroup().counter("budgetsInForeignCurrency");
        }

        @Override
        public ServiceConfig map(ServiceConfig config) {
            ServiceConfig usable = Budget.withoutForeignBudget(config, billingCurrency);
            if (usable != config) {
                dropped.inc();
                LOG.warn(
                        "service {} (config version {}): its budget is in {} but billing is in {};"
                                + " no budget alerts for it until its budget is in {}",
                        config.getServiceId(),
                        config.getVersion(),
                        config.getBudgetCurrency(),
                        billingCurrency,
                        billingCurrency);
            }
            return usable;
        }
    }

    /** The configs, idle for event time: they never hold back an operator they are joined with. */
    public static DataStream<ServiceConfig> withoutEventTime(DataStream<ServiceConfig> configs) {
        return configs.assignTimestampsAndWatermarks(
                        WatermarkStrategy.<ServiceConfig>forGenerator(ctx -> new AlwaysIdle()))
                .name("service-config-watermarks")
                .uid("service-config-watermarks");
    }

    /** Emits no watermark and marks the output idle, so downstream operators do not wait for it. */
    private static final class AlwaysIdle implements WatermarkGenerator<ServiceConfig> {

        @Override
        public void onEvent(ServiceConfig event, long eventTimestamp, WatermarkOutput output) {}

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            output.markIdle();
        }
    }
}

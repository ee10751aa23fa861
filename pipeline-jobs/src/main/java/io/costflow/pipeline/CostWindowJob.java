package io.costflow.pipeline;

import io.costflow.model.CostWindowTotals;
import io.costflow.model.ServiceAttribution;
import io.costflow.model.validation.BillingValidator;
import io.costflow.model.validation.TelemetryValidator;
import io.costflow.pipeline.cost.CostContribution;
import io.costflow.pipeline.cost.CostWindowAggregate;
import io.costflow.pipeline.cost.EmitCostWindow;
import io.costflow.pipeline.sink.CostWindowJdbcSink;
import io.costflow.pipeline.sink.KafkaSinks;
import io.costflow.pipeline.source.DecodeFunction;
import io.costflow.pipeline.source.KafkaSources;
import io.costflow.pipeline.source.RawRecord;
import io.costflow.schemas.BillingLineItem;
import io.costflow.schemas.DeadLetter;
import io.costflow.schemas.ServiceCostWindow;
import io.costflow.schemas.TelemetryEvent;
import io.costflow.schemas.serde.Serdes;
import java.time.Duration;
import java.util.function.Consumer;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.util.ParameterTool;

/**
 * The cost-window job: telemetry and billing from Kafka, decoded and validated at the door, summed
 * per service per event-time window, and written as {@link ServiceCostWindow} revisions.
 *
 * <p>The job takes its sources and sink appliers in the constructor; {@link #main} builds the real
 * Kafka sources and Kafka/JDBC sinks, tests attach their own.
 */
public final class CostWindowJob {

    private final ReadableConfig options;
    private final Source<RawRecord, ?, ?> telemetrySource;
    private final Source<RawRecord, ?, ?> billingSource;
    private final Consumer<DataStream<ServiceCostWindow>> costWindowSink;
    private final Consumer<DataStream<DeadLetter>> deadLetterSink;

    public CostWindowJob(
            ReadableConfig options,
            Source<RawRecord, ?, ?> telemetrySource,
            Source<RawRecord, ?, ?> billingSource,
            Consumer<DataStream<ServiceCostWindow>> costWindowSink,
            Consumer<DataStream<DeadLetter>> deadLetterSink) {
        this.options = options;
        this.telemetrySource = telemetrySource;
        this.billingSource = billingSource;
        this.costWindowSink = costWindowSink;
        this.deadLetterSink = deadLetterSink;
    }

    /** The job wired to Kafka and PostgreSQL as {@code options} say. */
    public static CostWindowJob fromOptions(ReadableConfig options) {
        return new CostWindowJob(
                options,
                KafkaSources.raw(options, options.get(PipelineOptions.TELEMETRY_TOPIC)),
                KafkaSources.raw(options, options.get(PipelineOptions.BILLING_TOPIC)),
                windows ->
                        windows.sinkTo(CostWindowJdbcSink.create(options))
                                .name("cost-windows-to-postgres")
                                .uid("cost-windows-to-postgres"),
                letters ->
                        letters.sinkTo(KafkaSinks.deadLetters(options))
                                .name("dead-letters-to-kafka")
                                .uid("dead-letters-to-kafka"));
    }

    /** Adds the job's operators to {@code env}. */
    public void defineWorkflow(StreamExecutionEnvironment env) {
        Duration outOfOrderness = options.get(PipelineOptions.MAX_OUT_OF_ORDERNESS);
        Duration idleTimeout = options.get(PipelineOptions.IDLE_TIMEOUT);
        String currency = options.get(PipelineOptions.BILLING_CURRENCY);
        ServiceAttribution attribution =
                new ServiceAttribution(options.get(PipelineOptions.SERVICE_TAG_KEY));

        SingleOutputStreamOperator<TelemetryEvent> telemetry =
                env.fromSource(telemetrySource, WatermarkStrategy.noWatermarks(), "telemetry")
                        .uid("telemetry-source")
                        .process(
                                new DecodeFunction<>(
                                        Serdes.telemetry(),
                                        new TelemetryValidator(),
                                        "decode-telemetry"))
                        .returns(new AvroTypeInfo<>(TelemetryEvent.class))
                        .name("decode-telemetry")
                        .uid("decode-telemetry");

        SingleOutputStreamOperator<BillingLineItem> billing =
                env.fromSource(billingSource, WatermarkStrategy.noWatermarks(), "billing")
                        .uid("billing-source")
                        .process(
                                new DecodeFunction<>(
                                        Serdes.billing(),
                                        new BillingValidator(currency),
                                        "decode-billing"))
                        .returns(new AvroTypeInfo<>(BillingLineItem.class))
                        .name("decode-billing")
                        .uid("decode-billing");

        deadLetterSink.accept(
                telemetry
                        .getSideOutput(DecodeFunction.DEAD_LETTERS)
                        .union(billing.getSideOutput(DecodeFunction.DEAD_LETTERS)));

        TypeInformation<CostContribution> contributionType =
                TypeInformation.of(CostContribution.class);
        DataStream<CostContribution> traffic =
                telemetry
                        .map(CostWindowJob::traffic)
                        .returns(contributionType)
                        .name("telemetry-to-contribution");
        DataStream<CostContribution> money =
                billing.map(line -> billed(line, attribution))
                        .returns(contributionType)
                        .name("billing-to-contribution");

        TypeInformation<CostWindowTotals> totalsType = TypeInformation.of(CostWindowTotals.class);
        DataStream<ServiceCostWindow> windows =
                traffic.union(money)
                        .assignTimestampsAndWatermarks(
                                WatermarkStrategy.<CostContribution>forBoundedOutOfOrderness(
                                                outOfOrderness)
                                        .withTimestampAssigner((c, ts) -> c.eventTime())
                                        .withIdleness(idleTimeout))
                        .name("event-time")
                        .uid("event-time")
                        .keyBy(CostContribution::serviceId)
                        .window(
                                TumblingEventTimeWindows.of(
                                        options.get(PipelineOptions.WINDOW_SIZE)))
                        .allowedLateness(options.get(PipelineOptions.ALLOWED_LATENESS))
                        .aggregate(
                                new CostWindowAggregate(),
                                new EmitCostWindow(currency),
                                totalsType,
                                totalsType,
                                new AvroTypeInfo<>(ServiceCostWindow.class))
                        .name("cost-windows")
                        .uid("cost-windows");

        costWindowSink.accept(windows);
    }

    /** Telemetry counts traffic at the start of its scrape interval. */
    static CostContribution traffic(TelemetryEvent e) {
        long intervalStart = e.getTimestamp().toEpochMilli() - e.getIntervalSeconds() * 1000L;
        return new CostContribution(
                e.getServiceId(),
                intervalStart,
                null,
                null,
                e.getRequestCount(),
                e.getErrorCount(),
                null);
    }

    static CostContribution billed(BillingLineItem line, ServiceAttribution attribution) {
        return new CostContribution(
                attribution.serviceOf(line),
                line.getChargePeriodStart().toEpochMilli(),
                line.getBilledCost(),
                line.getEffectiveCost(),
                0,
                0,
                line.getBillingCurrency());
    }

    /** Runs the job with {@code --key value} arguments named as in {@link PipelineOptions}. */
    public static void main(String[] args) throws Exception {
        Configuration options = Configuration.fromMap(ParameterTool.fromArgs(args).toMap());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        fromOptions(options).defineWorkflow(env);
        env.execute("costflow-cost-windows");
    }
}

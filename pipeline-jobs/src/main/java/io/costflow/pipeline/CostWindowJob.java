package io.costflow.pipeline;

import io.costflow.model.ServiceAttribution;
import io.costflow.model.alerting.budget.LateBilling;
import io.costflow.model.billing.AttributedCharge;
import io.costflow.model.billing.BillingTotals;
import io.costflow.model.usage.UsageTotals;
import io.costflow.model.validation.BillingValidator;
import io.costflow.model.validation.TelemetryValidator;
import io.costflow.model.window.IdlePolicy;
import io.costflow.pipeline.attribution.AttributionFunction;
import io.costflow.pipeline.attribution.ResourceSighting;
import io.costflow.pipeline.billing.ApportionCharge;
import io.costflow.pipeline.billing.BillingCombiner;
import io.costflow.pipeline.billing.BillingPartial;
import io.costflow.pipeline.billing.BillingWindow;
import io.costflow.pipeline.billing.ChargePeriodWindows;
import io.costflow.pipeline.billing.RestatementFunction;
import io.costflow.pipeline.billing.RouteByTag;
import io.costflow.pipeline.combine.LocalPreAggregation;
import io.costflow.pipeline.sink.CostWindowJdbcSink;
import io.costflow.pipeline.sink.KafkaSinks;
import io.costflow.pipeline.sink.LateData;
import io.costflow.pipeline.source.DecodeFunction;
import io.costflow.pipeline.source.KafkaSources;
import io.costflow.pipeline.source.RawRecord;
import io.costflow.pipeline.source.VersionedLine;
import io.costflow.pipeline.usage.DropRepeatedScrapes;
import io.costflow.pipeline.usage.PriceSample;
import io.costflow.pipeline.usage.UsageCombiner;
import io.costflow.pipeline.usage.UsagePartial;
import io.costflow.pipeline.usage.UsageWindow;
import io.costflow.pipeline.window.CostWindowMerge;
import io.costflow.pipeline.window.WindowTotals;
import io.costflow.schemas.DeadLetter;
import io.costflow.schemas.ServiceCostWindow;
import io.costflow.schemas.TelemetryEvent;
import io.costflow.schemas.serde.Serdes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.util.OutputTag;
import org.apache.flink.util.ParameterTool;

/**
 * The cost-window job (DESIGN.md, Processing steps 1–4 and 8):
 *
 * <ol>
 *   <li>telemetry and billing are decoded and validated where they enter; rejects become dead
 *       letters;
 *   <li>billing is attributed to a service — by tag, else by joining its resource with telemetry,
 *       else {@code __unallocated__} after a bounded wait;
 *   <li>each line item's latest version is kept so a restatement flows on as a correction;
 *   <li>charges are split over the windows their period overlaps and summed per service in billing
 *       windows on billing's clock, while telemetry is summed (and priced provisionally) in usage
 *       windows on telemetry's clock;
 *   <li>both views merge into one {@link ServiceCostWindow} per service and window, re-emitted with
 *       a higher revision on every change, to PostgreSQL and (exactly once) to Kafka.
 * </ol>
 *
 * <p>The job takes its sources and sink appliers in the constructor; {@link #fromOptions} builds
 * the real Kafka sources and Kafka/JDBC sinks, tests attach their own.
 */
public final class CostWindowJob {

    private static final OutputTag<UsagePartial> LATE_USAGE =
            new OutputTag<>("late-usage", TypeInformation.of(UsagePartial.class));
    static final OutputTag<BillingPartial> LATE_BILLING =
            new OutputTag<>("late-billing", TypeInformation.of(BillingPartial.class));

    /** Keys one subtask combines before the window shuffle; emitted early beyond that. */
    private static final int PRE_AGGREGATION_KEYS = 10_000;

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

    /** The job wired to Kafka and PostgreSQL as {@code options} say, cost windows exactly once. */
    public static CostWindowJob fromOptions(ReadableConfig options) {
        return fromOptions(options, DeliveryGuarantee.EXACTLY_ONCE);
    }

    /**
     * The job wired to Kafka and PostgreSQL, with the given guarantee for the cost-window topic
     * (the benchmark compares exactly-once with at-least-once).
     */
    public static CostWindowJob fromOptions(ReadableConfig options, DeliveryGuarantee guarantee) {
        return new CostWindowJob(
                options,
                KafkaSources.raw(options, options.get(PipelineOptions.TELEMETRY_TOPIC)),
                KafkaSources.raw(options, options.get(PipelineOptions.BILLING_TOPIC)),
                windows -> {
                    windows.sinkTo(CostWindowJdbcSink.create(options))
                            .name("cost-windows-to-postgres")
                            .uid("cost-windows-to-postgres");
                    windows.sinkTo(KafkaSinks.costWindows(options, guarantee))
                            .name("cost-windows-to-kafka")
                            .uid("cost-windows-to-kafka");
                },
                letters ->
                        letters.sinkTo(KafkaSinks.deadLetters(options))
                                .name("dead-letters-to-kafka")
                                .uid("dead-letters-to-kafka"));
    }

    /** The currency billing is in; lines and budgets in any other are refused. */
    public String billingCurrency() {
        return options.get(PipelineOptions.BILLING_CURRENCY);
    }

    /**
     * Adds the job's operators to {@code env}.
     *
     * @return the cost windows and the too-late billing, for the stages that evaluate them
     *     (recommendations, alerts)
     */
    public CostWindowStreams defineWorkflow(StreamExecutionEnvironment env) {
        String currency = options.get(PipelineOptions.BILLING_CURRENCY);
        Duration windowSize = options.get(PipelineOptions.WINDOW_SIZE);
        Duration lateness = options.get(PipelineOptions.ALLOWED_LATENESS);
        Duration idle = options.get(PipelineOptions.IDLE_TIMEOUT);
        Duration futureSkew = options.get(PipelineOptions.MAX_FUTURE_SKEW);

        SingleOutputStreamOperator<TelemetryEvent> telemetry =
                env.fromSource(telemetrySource, WatermarkStrategy.noWatermarks(), "telemetry")
                        .uid("telemetry-source")
                        .process(
                                DecodeFunction.records(
                                        Serdes.telemetry(),
                                        new TelemetryValidator(futureSkew, Clock.systemUTC()),
                                        "decode-telemetry"))
                        .returns(new AvroTypeInfo<>(TelemetryEvent.class))
                        .name("decode-telemetry")
                        .uid("decode-telemetry");
        SingleOutputStreamOperator<VersionedLine> billing =
                env.fromSource(billingSource, WatermarkStrategy.noWatermarks(), "billing")
                        .uid("billing-source")
                        .process(
                                DecodeFunction.versionedLines(
                                        Serdes.billing(),
                                        new BillingValidator(
                                                currency, futureSkew, Clock.systemUTC()),
                                        "decode-billing"))
                        .returns(TypeInformation.of(VersionedLine.class))
                        .name("decode-billing")
                        .uid("decode-billing");
        DataStream<DeadLetter> rejected =
                telemetry
                        .getSideOutput(DecodeFunction.DEAD_LETTERS)
                        .union(billing.getSideOutput(DecodeFunction.DEAD_LETTERS));

        // Telemetry counts at the start of its scrape interval, billing at its charge period's
        // start; each stream keeps its own clock.
        DataStream<TelemetryEvent> timedTelemetry =
                telemetry
                        .assignTimestampsAndWatermarks(
                                WatermarkStrategy.<TelemetryEvent>forBoundedOutOfOrderness(
                                                options.get(PipelineOptions.MAX_OUT_OF_ORDERNESS))
                                        .withTimestampAssigner(
                                                (e, ts) ->
                                                        e.getTimestamp().toEpochMilli()
                                                                - e.getIntervalSeconds() * 1000L)
                                        .withIdleness(idle))
                        .name("telemetry-event-time")
                        .uid("telemetry-event-time")
                        .keyBy(TelemetryEvent::getResourceId)
                        .process(new DropRepeatedScrapes(windowSize, lateness))
                        .returns(new AvroTypeInfo<>(TelemetryEvent.class))
                        .name("drop-repeated-scrapes")
                        .uid("drop-repeated-scrapes");
        DataStream<VersionedLine> timedBilling =
                billing.assignTimestampsAndWatermarks(
                                WatermarkStrategy.<VersionedLine>forBoundedOutOfOrderness(
                                                options.get(
                                                        PipelineOptions
                                                                .BILLING_MAX_OUT_OF_ORDERNESS))
                                        .withTimestampAssigner(
                                                (l, ts) ->
                                                        l.line()
                                                                .getChargePeriodStart()
                                                                .toEpochMilli())
                                        .withIdleness(idle))
                        .name("billing-event-time")
                        .uid("billing-event-time");

        DataStream<AttributedCharge> charges = attributeAndRestate(timedTelemetry, timedBilling);

        SingleOutputStreamOperator<BillingWindow> billingWindows =
                billingWindows(charges, windowSize, lateness);

        SingleOutputStreamOperator<UsageWindow> usageWindows =
                timedTelemetry
                        .map(new PriceSample(options.get(PipelineOptions.PRICE_CATALOG)))
                        .name("price-telemetry")
                        .uid("price-telemetry")
                        .transform(
                                "combine-usage",
                                TypeInformation.of(UsagePartial.class),
                                new LocalPreAggregation<>(
                                        new UsageCombiner(windowSize), PRE_AGGREGATION_KEYS))
                        .uid("combine-usage")
                        .keyBy(UsagePartial::serviceId)
                        .window(TumblingEventTimeWindows.of(windowSize))
                        .allowedLateness(lateness)
                        .sideOutputLateData(LATE_USAGE)
                        .aggregate(
                                new WindowTotals.Merge<>(
                                        UsageTotals::new, UsagePartial::totals, UsageTotals::merge),
                                new WindowTotals.Label<>(UsageWindow::new),
                                TypeInformation.of(UsageTotals.class),
                                TypeInformation.of(UsageTotals.class),
                                TypeInformation.of(UsageWindow.class))
                        .name("usage-windows")
                        .uid("usage-windows");

        DataStream<ServiceCostWindow> costWindows =
                usageWindows
                        .keyBy(w -> CostWindowMerge.key(w.serviceId(), w.windowStart()))
                        .connect(
                                billingWindows.keyBy(
                                        w -> CostWindowMerge.key(w.serviceId(), w.windowStart())))
                        .process(
                                new CostWindowMerge(
                                        currency,
                                        new IdlePolicy(
                                                options.get(PipelineOptions.IDLE_MAX_MEAN_CPU),
                                                options.get(PipelineOptions.IDLE_MAX_REQUESTS)),
                                        lateness))
                        .returns(new AvroTypeInfo<>(ServiceCostWindow.class))
                        .name("cost-windows")
                        .uid("cost-windows");

        String telemetryTopic = options.get(PipelineOptions.TELEMETRY_TOPIC);
        String billingTopic = options.get(PipelineOptions.BILLING_TOPIC);
        DataStream<DeadLetter> tooLate =
                usageWindows
                        .getSideOutput(LATE_USAGE)
                        .map(p -> LateData.lateUsage(p, telemetryTopic))
                        .returns(new AvroTypeInfo<>(DeadLetter.class))
                        .name("late-telemetry")
                        .uid("late-telemetry")
                        .union(
                                billingWindows
                                        .getSideOutput(LATE_BILLING)
                                        .map(p -> LateData.lateBilling(p, billingTopic, currency))
                                        .returns(new AvroTypeInfo<>(DeadLetter.class))
                                        .name("late-billing")
                                        .uid("late-billing"));

        DataStream<LateBilling> tooLateSpend =
                billingWindows
                        .getSideOutput(LATE_BILLING)
                        .map(CostWindowJob::tooLateSpend)
                        .returns(TypeInformation.of(LateBilling.class))
                        .name("too-late-billing-spend")
                        .uid("too-late-billing-spend");

        deadLetterSink.accept(rejected.union(tooLate));
        costWindowSink.accept(costWindows);
        return new CostWindowStreams(costWindows, tooLateSpend);
    }

    private static LateBilling tooLateSpend(BillingPartial p) {
        return new LateBilling(
                p.serviceId(),
                Instant.ofEpochMilli(p.windowStart()),
                Instant.ofEpochMilli(p.windowEnd()),
                p.totals().getBilledCost(),
                p.totals().getCharges());
    }

    /**
     * Splits charges over the windows their period overlaps and sums them per service; a share
     * whose window is past its allowed lateness leaves through {@link #LATE_BILLING}.
     */
    static SingleOutputStreamOperator<BillingWindow> billingWindows(
            DataStream<AttributedCharge> charges, Duration windowSize, Duration lateness) {
        return charges.flatMap(new ApportionCharge(windowSize))
                .returns(TypeInformation.of(AttributedCharge.class))
                .name("apportion-charges")
                .uid("apportion-charges")
                .transform(
                        "combine-billing",
                        TypeInformation.of(BillingPartial.class),
                        new LocalPreAggregation<>(
                                new BillingCombiner(windowSize), PRE_AGGREGATION_KEYS))
                .keyBy(BillingPartial::serviceId)
                .window(new ChargePeriodWindows(windowSize))
                .allowedLateness(lateness)
                .sideOutputLateData(LATE_BILLING)
                .aggregate(
                        new WindowTotals.Merge<>(
                                BillingTotals::new, BillingPartial::totals, BillingTotals::merge),
                        new WindowTotals.Label<>(BillingWindow::new),
                        TypeInformation.of(BillingTotals.class),
                        TypeInformation.of(BillingTotals.class),
                        TypeInformation.of(BillingWindow.class))
                .name("billing-windows")
                .uid("billing-windows");
    }

    private DataStream<AttributedCharge> attributeAndRestate(
            DataStream<TelemetryEvent> telemetry, DataStream<VersionedLine> billing) {
        ServiceAttribution attribution =
                new ServiceAttribution(options.get(PipelineOptions.SERVICE_TAG_KEY));
        SingleOutputStreamOperator<AttributedCharge> tagged =
                billing.process(new RouteByTag(attribution))
                        .returns(TypeInformation.of(AttributedCharge.class))
                        .name("attribute-by-tag")
                        .uid("attribute-by-tag");
        DataStream<AttributedCharge> joined =
                telemetry
                        .map(
                                e ->
                                        new ResourceSighting(
                                                e.getResourceId(),
                                                e.getServiceId(),
                                                e.getInstanceType()))
                        .returns(TypeInformation.of(ResourceSighting.class))
                        .name("resource-sightings")
                        .uid("resource-sightings")
                        .keyBy(ResourceSighting::resourceId)
                        .connect(
                                tagged.getSideOutput(RouteByTag.NEEDS_RESOURCE_LOOKUP)
                                        .keyBy(l -> l.line().getResourceId()))
                        .process(
                                new AttributionFunction(
                                        options.get(PipelineOptions.ATTRIBUTION_WAIT),
                                        options.get(PipelineOptions.RESOURCE_MAPPING_TTL)))
                        .returns(TypeInformation.of(AttributedCharge.class))
                        .name("attribute-by-resource")
                        .uid("attribute-by-resource");
        return tagged.union(joined)
                .keyBy(AttributedCharge::lineItemId)
                .process(new RestatementFunction(options.get(PipelineOptions.RESTATEMENT_HORIZON)))
                .returns(TypeInformation.of(AttributedCharge.class))
                .name("restatements")
                .uid("restatements");
    }

    /** A sighting at least twice per attribution wait, and at least once a minute. */
    private static Duration sightingInterval(ReadableConfig options) {
        Duration half = options.get(PipelineOptions.ATTRIBUTION_WAIT).dividedBy(2);
        return half.compareTo(Duration.ofMinutes(1)) < 0 ? half : Duration.ofMinutes(1);
    }

    /** Runs the job with {@code --key value} arguments named as in {@link PipelineOptions}. */
    public static void main(String[] args) throws Exception {
        Configuration options = Configuration.fromMap(ParameterTool.fromArgs(args).toMap());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        fromOptions(options).defineWorkflow(env);
        env.execute("costflow-cost-windows");
    }
}

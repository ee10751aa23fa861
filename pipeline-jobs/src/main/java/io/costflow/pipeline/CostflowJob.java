package io.costflow.pipeline;

import io.costflow.pipeline.alert.AlertStage;
import io.costflow.pipeline.config.ServiceConfigs;
import io.costflow.pipeline.recommend.RecommendationStage;
import io.costflow.pipeline.sink.KafkaSinks;
import io.costflow.pipeline.source.DecodeFunction;
import io.costflow.pipeline.source.KafkaSources;
import io.costflow.pipeline.source.RawRecord;
import io.costflow.schemas.DeadLetter;
import io.costflow.schemas.ServiceConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;

/**
 * costflow's whole pipeline as one Flink job: the {@link CostWindowJob} builds the cost windows,
 * and each {@link CostWindowStage} evaluates them, with the service configs from the compacted
 * topic, as soon as they are emitted — recommendations and alerts do not wait for the cost-window
 * topic's transactions to commit.
 */
public final class CostflowJob {

    private final CostWindowJob costWindows;
    private final Source<RawRecord, ?, ?> serviceConfigSource;
    private final Consumer<DataStream<DeadLetter>> configDeadLetterSink;
    private final List<CostWindowStage> stages;

    public CostflowJob(
            CostWindowJob costWindows,
            Source<RawRecord, ?, ?> serviceConfigSource,
            Consumer<DataStream<DeadLetter>> configDeadLetterSink,
            List<CostWindowStage> stages) {
        this.costWindows = costWindows;
        this.serviceConfigSource = serviceConfigSource;
        this.configDeadLetterSink = configDeadLetterSink;
        this.stages = List.copyOf(stages);
    }

    /** The whole pipeline wired to Kafka and PostgreSQL as {@code options} say. */
    public static CostflowJob fromOptions(ReadableConfig options) {
        return new CostflowJob(
                CostWindowJob.fromOptions(options),
                KafkaSources.raw(options, options.get(PipelineOptions.SERVICE_CONFIG_TOPIC)),
                letters ->
                        letters.sinkTo(KafkaSinks.deadLetters(options))
                                .name("service-config-dead-letters-to-kafka")
                                .uid("service-config-dead-letters-to-kafka"),
                List.of(RecommendationStage.fromOptions(options), AlertStage.fromOptions(options)));
    }

    /** Adds the pipeline's operators to {@code env}. */
    public void defineWorkflow(StreamExecutionEnvironment env) {
        CostWindowStreams costs = costWindows.defineWorkflow(env);
        SingleOutputStreamOperator<ServiceConfig> decoded =
                ServiceConfigs.decode(env, serviceConfigSource);
        configDeadLetterSink.accept(decoded.getSideOutput(DecodeFunction.DEAD_LETTERS));
        DataStream<ServiceConfig> configs =
                ServiceConfigs.withoutEventTime(
                        ServiceConfigs.withBudgetsIn(decoded, costWindows.billingCurrency()));
        for (CostWindowStage stage : stages) {
            stage.attach(costs, configs);
        }
    }

    /** Runs the pipeline with {@code --key value} arguments named as in {@link PipelineOptions}. */
    public static void main(String[] args) throws Exception {
        Configuration options = optionsFromArgs(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        fromOptions(options).defineWorkflow(env);
        env.execute("costflow");
    }

    /**
     * The options in {@code --key value} arguments, with the JDBC password read from {@link
     * PipelineOptions#JDBC_PASSWORD_FILE} when one is named.
     */
    static Configuration optionsFromArgs(String[] args) throws IOException {
        Configuration options = Configuration.fromMap(ParameterTool.fromArgs(args).toMap());
        Optional<String> passwordFile = options.getOptional(PipelineOptions.JDBC_PASSWORD_FILE);
        if (passwordFile.isPresent()) {
            options.set(
                    PipelineOptions.JDBC_PASSWORD,
                    Files.readString(Path.of(passwordFile.get())).strip());
        }
        return options;
    }
}

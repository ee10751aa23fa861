package io.costflow.pipeline.recommend;

import io.costflow.pipeline.CostWindowStage;
import io.costflow.pipeline.CostWindowStreams;
import io.costflow.pipeline.PipelineOptions;
import io.costflow.pipeline.config.ServiceConfigs;
import io.costflow.schemas.Recommendation;
import io.costflow.schemas.ServiceConfig;
import io.costflow.schemas.ServiceCostWindow;
import java.util.function.Consumer;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * DESIGN.md Processing step 5: per service, the {@link RecommendationFunction} over a lookback of
 * cost windows and the broadcast service configs; recommendations to Kafka and PostgreSQL, rejected
 * candidates to PostgreSQL.
 */
public final class RecommendationStage implements CostWindowStage {

    private final RecommendationSettings settings;
    private final Consumer<DataStream<Recommendation>> recommendationSink;
    private final Consumer<DataStream<RecommendationRejection>> rejectionSink;
    private final Consumer<DataStream<RecommendationRetraction>> retractionSink;

    /**
     * @param recommendationSink attaches where recommendations go (production: Kafka and
     *     PostgreSQL; a test may collect them)
     * @param rejectionSink attaches where rejected candidates go
     * @param retractionSink attaches where retractions of recommendations an earlier run left open
     *     go (production: PostgreSQL)
     */
    public RecommendationStage(
            RecommendationSettings settings,
            Consumer<DataStream<Recommendation>> recommendationSink,
            Consumer<DataStream<RecommendationRejection>> rejectionSink,
            Consumer<DataStream<RecommendationRetraction>> retractionSink) {
        this.settings = settings;
        this.recommendationSink = recommendationSink;
        this.rejectionSink = rejectionSink;
        this.retractionSink = retractionSink;
    }

    /** The stage wired to the recommendations topic and PostgreSQL as {@code options} say. */
    public static RecommendationStage fromOptions(ReadableConfig options) {
        return new RecommendationStage(
                settings(options),
                recommendations -> {
                    recommendations
                            .sinkTo(RecommendationSinks.kafka(options))
                            .name("recommendations-to-kafka")
                            .uid("recommendations-to-kafka");
                    recommendations
                            .sinkTo(RecommendationSinks.recommendations(options))
                            .name("recommendations-to-postgres")
                            .uid("recommendations-to-postgres");
                },
                rejections ->
                        rejections
                                .sinkTo(RecommendationSinks.rejections(options))
                                .name("recommendation-rejections-to-postgres")
                                .uid("recommendation-rejections-to-postgres"),
                retractions ->
                        retractions
                                .sinkTo(RecommendationSinks.retractions(options))
                                .name("recommendation-retractions-to-postgres")
                                .uid("recommendation-retractions-to-postgres"));
    }

    /** The evaluation settings {@code options} say. */
    public static RecommendationSettings settings(ReadableConfig options) {
        return new RecommendationSettings(
                options.get(PipelineOptions.RECOMMENDATION_LOOKBACK),
                options.get(PipelineOptions.RECOMMENDATION_MATERIAL_CHANGE),
                options.get(PipelineOptions.RECOMMENDATION_REGION),
                options.get(PipelineOptions.PRICE_CATALOG),
                options.get(PipelineOptions.RECOMMENDATION_WITHDRAWN_RETENTION));
    }

    /** Recommendations read the cost windows only: too-late billing is for budgets. */
    @Override
    public void attach(CostWindowStreams costs, DataStream<ServiceConfig> configs) {
        attach(costs.windows(), configs);
    }

    public void attach(DataStream<ServiceCostWindow> windows, DataStream<ServiceConfig> configs) {
        SingleOutputStreamOperator<Recommendation> recommendations =
                windows.keyBy(ServiceCostWindow::getServiceId, Types.STRING)
                        .connect(
                                configs.broadcast(
                                        ServiceConfigs.BROADCAST_STATE,
                                        RecommendationFunction.DEPLOYED_AT))
                        .process(new RecommendationFunction(settings))
                        .returns(new AvroTypeInfo<>(Recommendation.class))
                        .name("recommend")
                        .uid("recommend");
        recommendationSink.accept(recommendations);
        rejectionSink.accept(recommendations.getSideOutput(RecommendationFunction.REJECTIONS));
        retractionSink.accept(recommendations.getSideOutput(RecommendationFunction.RETRACTIONS));
    }
}

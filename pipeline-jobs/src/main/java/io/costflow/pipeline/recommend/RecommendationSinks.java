package io.costflow.pipeline.recommend;

import io.costflow.pipeline.PipelineOptions;
import io.costflow.schemas.Recommendation;
import io.costflow.schemas.serde.RecordSerde;
import io.costflow.schemas.serde.Serdes;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.jdbc.JdbcConnectionOptions;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Where recommendations and rejections go: the recommendations topic, keyed by service, and
 * idempotent PostgreSQL upserts of {@code recommendation} and {@code recommendation_rejection}
 * (migration V4).
 */
public final class RecommendationSinks {

    static final String UPSERT_RECOMMENDATION =
            """
            INSERT INTO recommendation (recommendation_id, service_id, kind, state,
                current_instance_type, current_replicas, proposed_instance_type,
                proposed_replicas, proposed_pricing_model, monthly_savings_list,
                monthly_savings_effective, currency, confidence, predicted_utilization,
                predicted_p99_latency_ms, explanation, revision, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (recommendation_id) DO UPDATE SET
                service_id = EXCLUDED.service_id,
                kind = EXCLUDED.kind,
                state = EXCLUDED.state,
                current_instance_type = EXCLUDED.current_instance_type,
                current_replicas = EXCLUDED.current_replicas,
                proposed_instance_type = EXCLUDED.proposed_instance_type,
                proposed_replicas = EXCLUDED.proposed_replicas,
                proposed_pricing_model = EXCLUDED.proposed_pricing_model,
                monthly_savings_list = EXCLUDED.monthly_savings_list,
                monthly_savings_effective = EXCLUDED.monthly_savings_effective,
                currency = EXCLUDED.currency,
                confidence = EXCLUDED.confidence,
                predicted_utilization = EXCLUDED.predicted_utilization,
                predicted_p99_latency_ms = EXCLUDED.predicted_p99_latency_ms,
                explanation = EXCLUDED.explanation,
                revision = EXCLUDED.revision,
                created_at = EXCLUDED.created_at,
                updated_at = EXCLUDED.updated_at
            WHERE recommendation.revision <= EXCLUDED.revision
                OR (recommendation.state = 'WITHDRAWN' AND EXCLUDED.state = 'OPEN'
                    AND EXCLUDED.created_at > recommendation.updated_at)
            """;

    static final String UPSERT_REJECTION =
            """
            INSERT INTO recommendation_rejection (service_id, kind, proposed_instance_type,
                proposed_replicas, proposed_pricing_model, predicted_utilization,
                predicted_p99_latency_ms, reason, rejected_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (service_id, kind) DO UPDATE SET
                proposed_instance_type = EXCLUDED.proposed_instance_type,
                proposed_replicas = EXCLUDED.proposed_replicas,
                proposed_pricing_model = EXCLUDED.proposed_pricing_model,
                predicted_utilization = EXCLUDED.predicted_utilization,
                predicted_p99_latency_ms = EXCLUDED.predicted_p99_latency_ms,
                reason = EXCLUDED.reason,
                rejected_at = EXCLUDED.rejected_at
            WHERE recommendation_rejection.rejected_at <= EXCLUDED.rejected_at
            """;

    /**
     * Withdraws a recommendation left OPEN by an earlier run at a revision below this run's. The
     * row stays if this run has written it (its revisions are not below) or there is none: a
     * retraction never inserts.
     */
    static final String RETRACT =
            """
            UPDATE recommendation
               SET state = 'WITHDRAWN', revision = ?, updated_at = ?,
                   explanation = 'Withdrawn: the job no longer holds it; a run that failed or'
                       || ' whose state was lost proposed it. Was: ' || explanation
             WHERE recommendation_id = ? AND state = 'OPEN' AND revision < ?
            """;

    private RecommendationSinks() {}

    /**
     * The recommendations topic, keyed by service, at-least-once: a recommendation is visible as
     * soon as it is made instead of a checkpoint later. A record sent again after a failure carries
     * the same recommendationId and revision, so consumers (and the upsert) recognise it; what the
     * replay emits has higher revisions than anything the failed run did ({@link
     * RecommendationChanges#nextRevision}), so keeping the highest revision per id converges.
     */
    public static KafkaSink<Recommendation> kafka(ReadableConfig options) {
        String topic = options.get(PipelineOptions.RECOMMENDATIONS_TOPIC);
        RecordSerde<Recommendation> serde = Serdes.recommendation();
        KafkaRecordSerializationSchema<Recommendation> schema =
                (recommendation, context, timestamp) ->
                        new ProducerRecord<>(
                                topic,
                                recommendation.getServiceId().getBytes(StandardCharsets.UTF_8),
                                serde.serialize(recommendation));
        return KafkaSink.<Recommendation>builder()
                .setBootstrapServers(options.get(PipelineOptions.KAFKA_BOOTSTRAP_SERVERS))
                .setRecordSerializer(schema)
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build();
    }

    /**
     * Upserts {@code recommendation}; only a same-or-higher revision replaces a row, or a
     * recommendation created after the row was withdrawn. Revisions are emission times, so the
     * second rule only matters for rows written before they were (when a service that came back
     * after losing its state started again at revision 1) or for a clock that went back.
     */
    public static JdbcSink<Recommendation> recommendations(ReadableConfig options) {
        return jdbc(options, UPSERT_RECOMMENDATION, RecommendationSinks::bind);
    }

    /** Applies retractions to {@code recommendation} ({@link #RETRACT}). */
    public static JdbcSink<RecommendationRetraction> retractions(ReadableConfig options) {
        return jdbc(options, RETRACT, RecommendationSinks::bind);
    }

    /** Upserts {@code recommendation_rejection}, the latest verdict per service and kind. */
    public static JdbcSink<RecommendationRejection> rejections(ReadableConfig options) {
        return jdbc(options, UPSERT_REJECTION, RecommendationSinks::bind);
    }

    private static <T> JdbcSink<T> jdbc(
            ReadableConfig options, String sql, JdbcStatementBuilder<T> binder) {
        return JdbcSink.<T>builder()
                .withQueryStatement(sql, binder)
                .withExecutionOptions(
                        JdbcExecutionOptions.builder()
                                .withBatchSize(options.get(PipelineOptions.JDBC_BATCH_SIZE))
                                .withBatchIntervalMs(
                                        options.get(PipelineOptions.JDBC_BATCH_INTERVAL).toMillis())
                                .withMaxRetries(5)
                                .build())
                .buildAtLeastOnce(
                        new JdbcConnectionOptions.JdbcConnectionOptionsBuilder()
                                .withUrl(options.get(PipelineOptions.JDBC_URL))
                                .withDriverName("org.postgresql.Driver")
                                .withUsername(options.get(PipelineOptions.JDBC_USER))
                                .withPassword(options.get(PipelineOptions.JDBC_PASSWORD))
                                .build());
    }

    static void bind(PreparedStatement ps, Recommendation r) throws SQLException {
        ps.setString(1, r.getRecommendationId());
        ps.setString(2, r.getServiceId());
        ps.setString(3, r.getKind().name());
        ps.setString(4, r.getState().name());
        ps.setString(5, r.getCurrentInstanceType());
        ps.setInt(6, r.getCurrentReplicas());
        ps.setString(7, r.getProposedInstanceType());
        if (r.getProposedReplicas() == null) {
            ps.setNull(8, Types.INTEGER);
        } else {
            ps.setInt(8, r.getProposedReplicas());
        }
        ps.setString(9, r.getProposedPricingModel());
        ps.setBigDecimal(10, r.getMonthlySavingsList());
        ps.setBigDecimal(11, r.getMonthlySavingsEffective());
        ps.setString(12, r.getCurrency());
        ps.setDouble(13, r.getConfidence());
        ps.setDouble(14, r.getPredictedUtilization());
        ps.setDouble(15, r.getPredictedP99LatencyMs());
        ps.setString(16, r.getExplanation());
        ps.setLong(17, r.getRevision());
        ps.setObject(18, utc(r.getCreatedAt()));
        ps.setObject(19, utc(r.getUpdatedAt()));
    }

    static void bind(PreparedStatement ps, RecommendationRejection r) throws SQLException {
        ps.setString(1, r.serviceId());
        ps.setString(2, r.kind());
        ps.setString(3, r.proposedInstanceType());
        ps.setInt(4, r.proposedReplicas());
        ps.setString(5, r.proposedPricingModel());
        ps.setDouble(6, r.predictedUtilization());
        ps.setDouble(7, r.predictedP99LatencyMs());
        ps.setString(8, r.reason());
        ps.setObject(9, utc(r.rejectedAt()));
    }

    static void bind(PreparedStatement ps, RecommendationRetraction r) throws SQLException {
        ps.setLong(1, r.revision());
        ps.setObject(2, utc(r.at()));
        ps.setString(3, r.recommendationId());
        ps.setLong(4, r.revision());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}

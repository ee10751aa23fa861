package io.costflow.pipeline.recommend;

import static io.costflow.pipeline.recommend.RecommendationFixtures.HOURS_IN_LOOKBACK;
import static io.costflow.pipeline.recommend.RecommendationFixtures.LOOKBACK;
import static io.costflow.pipeline.recommend.RecommendationFixtures.REGION;
import static io.costflow.pipeline.recommend.RecommendationFixtures.config;
import static io.costflow.pipeline.recommend.RecommendationFixtures.idleHour;
import static io.costflow.pipeline.recommend.RecommendationFixtures.latencySensitiveHour;
import static io.costflow.pipeline.recommend.RecommendationFixtures.overProvisionedHour;
import static io.costflow.pipeline.recommend.RecommendationFixtures.type;
import static org.assertj.core.api.Assertions.assertThat;

import io.costflow.infra.junit.Await;
import io.costflow.infra.junit.CostflowInfraExtension;
import io.costflow.infra.junit.TestDatabase;
import io.costflow.infra.junit.TestTopics;
import io.costflow.pipeline.EmbeddedFlinkConfig;
import io.costflow.pipeline.PipelineOptions;
import io.costflow.pipeline.config.ServiceConfigs;
import io.costflow.pipeline.source.KafkaSources;
import io.costflow.schemas.Recommendation;
import io.costflow.schemas.RecommendationState;
import io.costflow.schemas.ServiceConfig;
import io.costflow.schemas.ServiceCostWindow;
import io.costflow.schemas.serde.RecordDecodingException;
import io.costflow.schemas.serde.Serdes;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recommendation stage on a MiniCluster at parallelism 2 with real Kafka and PostgreSQL: a day
 * of hourly cost windows for three services and their configs on the service-config topic give
 * recommendations on the topic and in PostgreSQL, a rejection in PostgreSQL, and config changes on
 * the topic change the outcome while the job runs.
 */
@ExtendWith(CostflowInfraExtension.class)
class RecommendationStageIT {

    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final BigDecimal HOURS_PER_MONTH = new BigDecimal("730");

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    // Static, so it is removed after the class's MiniCluster has shut down: a directory per test
    // was removed while the cancelled job's last checkpoint files were still being written.
    @TempDir static Path checkpoints;

    @Test
    void shouldPublishAndUpsertRecommendationsAndFollowConfigChangesOnTheTopic(
            TestTopics topics, TestDatabase db) throws Exception {
        Configuration options = options(topics, db);
        String configTopic = options.get(PipelineOptions.SERVICE_CONFIG_TOPIC);
        String recommendationTopic = options.get(PipelineOptions.RECOMMENDATIONS_TOPIC);
        publish(
                topics,
                configTopic,
                config("checkout", "m6i.2xlarge", 4, 300),
                config("search", "c6i.2xlarge", 4, 300),
                config("reports", "m6i.xlarge", 2, 300));

        // Left open by an earlier run whose state is gone: search is never idle.
        try (Connection c = db.connect();
                PreparedStatement s =
                        c.prepareStatement(
                                """
                                INSERT INTO recommendation (recommendation_id, service_id, kind,
                                    state, current_instance_type, current_replicas,
                                    proposed_replicas, monthly_savings_list,
                                    monthly_savings_effective, currency, confidence,
                                    predicted_utilization, predicted_p99_latency_ms, explanation,
                                    revision, created_at, updated_at)
                                VALUES ('search/idle', 'search', 'IDLE', 'OPEN', 'c6i.2xlarge', 4,
                                    0, 100, 100, 'USD', 1, 0, 0, 'an earlier run', 5, now(), now())
                                """)) {
            s.executeUpdate();
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.configure(EmbeddedFlinkConfig.create(checkpoints, Duration.ofSeconds(1)));
        env.setParallelism(2);
        DataStream<ServiceConfig> configs =
                ServiceConfigs.withoutEventTime(
                        ServiceConfigs.decode(env, KafkaSources.raw(options, configTopic)));
        RecommendationStage.fromOptions(options).attach(aDayOfWindows(env), configs);
        JobClient job = env.executeAsync("recommendation-stage-it");
        try {
            Map<String, Recommendation> latest =
                    awaitLatest(
                            topics,
                            recommendationTopic,
                            r ->
                                    isOpen(r.get("checkout/rightsize"))
                                            && isOpen(r.get("reports/idle")),
                            new ArrayList<>());
            Recommendation checkout = latest.get("checkout/rightsize");
            BigDecimal expectedSavings =
                    type("m6i.2xlarge")
                            .onDemandHourly()
                            .subtract(type("m6i.large").onDemandHourly())
                            .multiply(BigDecimal.valueOf(4))
                            .multiply(HOURS_PER_MONTH);
            assertThat(checkout.getProposedInstanceType()).isEqualTo("m6i.large");
            assertThat(checkout.getMonthlySavingsList()).isEqualByComparingTo(expectedSavings);
            assertThat(latest).doesNotContainKey("search/rightsize");
            assertThat(latest.keySet())
                    .noneMatch(id -> id.startsWith("reports/") && !id.endsWith("idle"));

            Await.until(
                    "checkout's and reports' recommendations and search's rejection in PostgreSQL",
                    DEADLINE,
                    () ->
                            row(db, "checkout/rightsize")
                                            .filter(r -> r.state().equals("OPEN"))
                                            .isPresent()
                                    && row(db, "reports/idle").isPresent()
                                    && rejection(db, "search", "RIGHTSIZE").isPresent()
                                    && row(db, "search/idle")
                                            .filter(r -> r.state().equals("WITHDRAWN"))
                                            .isPresent());
            assertThat(row(db, "checkout/rightsize").orElseThrow().savings())
                    .isEqualByComparingTo(expectedSavings);
            assertThat(row(db, "search/rightsize")).isEmpty();
            assertThat(rejection(db, "search", "RIGHTSIZE").orElseThrow())
                    .matches("predicted p99 \\d+ ms > SLO 300 ms");

            // search's team accepts 2 s; checkout's tightens to 40 ms, under today's 50 ms p99.
            publish(
                    topics,
                    configTopic,
                    config("search", "c6i.2xlarge", 4, 2000, 2),
                    config("checkout", "m6i.2xlarge", 4, 40, 2));

            List<Recommendation> history = new ArrayList<>();
            Map<String, Recommendation> changed =
                    awaitLatest(
                            topics,
                            recommendationTopic,
                            r ->
                                    isOpen(r.get("search/rightsize"))
                                            && r.get("checkout/rightsize").getState()
                                                    == RecommendationState.WITHDRAWN,
                            history);
            long lastOpenRevision =
                    history.stream()
                            .filter(r -> r.getRecommendationId().equals("checkout/rightsize"))
                            .filter(RecommendationStageIT::isOpen)
                            .mapToLong(Recommendation::getRevision)
                            .max()
                            .orElseThrow();
            long withdrawnRevision = changed.get("checkout/rightsize").getRevision();
            assertThat(withdrawnRevision).isGreaterThan(lastOpenRevision);
            assertThat(type(changed.get("search/rightsize").getProposedInstanceType()).vcpu())
                    .isLessThan(8);
            Await.until(
                    "the config changes' outcome in PostgreSQL",
                    DEADLINE,
                    () ->
                            row(db, "search/rightsize")
                                            .filter(r -> r.state().equals("OPEN"))
                                            .isPresent()
                                    && row(db, "checkout/rightsize")
                                            .filter(r -> r.state().equals("WITHDRAWN"))
                                            .filter(r -> r.revision() == withdrawnRevision)
                                            .isPresent());
        } finally {
            job.cancel().get();
        }
    }

    private static DataStream<ServiceCostWindow> aDayOfWindows(StreamExecutionEnvironment env) {
        List<ServiceCostWindow> windows = new ArrayList<>();
        for (int h = 0; h < HOURS_IN_LOOKBACK; h++) {
            windows.add(overProvisionedHour("checkout", h));
            windows.add(latencySensitiveHour("search", h));
            windows.add(idleHour("reports", h));
        }
        return env.fromData(windows, new AvroTypeInfo<>(ServiceCostWindow.class))
                .assignTimestampsAndWatermarks(
                        WatermarkStrategy.<ServiceCostWindow>forMonotonousTimestamps()
                                .withTimestampAssigner(
                                        (w, ignored) -> w.getWindowEnd().toEpochMilli() - 1))
                .name("cost-windows")
                .uid("cost-windows");
    }

    private static Configuration options(TestTopics topics, TestDatabase db) {
        Configuration options = new Configuration();
        options.set(PipelineOptions.KAFKA_BOOTSTRAP_SERVERS, topics.bootstrapServers());
        options.set(PipelineOptions.KAFKA_GROUP_ID, "recommendation-stage-it");
        options.set(PipelineOptions.SERVICE_CONFIG_TOPIC, topics.create("service-config", 1));
        options.set(PipelineOptions.DEAD_LETTER_TOPIC, topics.create("dead-letter", 1));
        options.set(PipelineOptions.RECOMMENDATIONS_TOPIC, topics.create("recommendations", 2));
        options.set(PipelineOptions.RECOMMENDATION_LOOKBACK, LOOKBACK);
        options.set(PipelineOptions.RECOMMENDATION_REGION, REGION);
        options.set(PipelineOptions.JDBC_URL, db.jdbcUrl());
        options.set(PipelineOptions.JDBC_USER, db.user());
        options.set(PipelineOptions.JDBC_PASSWORD, db.password());
        return options;
    }

    private static void publish(TestTopics topics, String topic, ServiceConfig... configs) {
        try (KafkaProducer<String, byte[]> producer = topics.producer()) {
            for (ServiceConfig config : configs) {
                producer.send(
                        new ProducerRecord<>(
                                topic,
                                config.getServiceId(),
                                Serdes.serviceConfig().serialize(config)));
            }
            producer.flush();
        }
    }

    private static boolean isOpen(Recommendation r) {
        return r != null && r.getState() == RecommendationState.OPEN;
    }

    /**
     * Reads the topic until the latest revision per recommendationId satisfies {@code done}; adds
     * everything read to {@code history}.
     */
    private static Map<String, Recommendation> awaitLatest(
            TestTopics topics,
            String topic,
            Predicate<Map<String, Recommendation>> done,
            List<Recommendation> history) {
        List<ConsumerRecord<String, byte[]>> read =
                topics.consumeUntil(topic, records -> done.test(latest(records)), DEADLINE);
        read.forEach(r -> history.add(decode(r.value())));
        Map<String, Recommendation> latest = latest(read);
        assertThat(done).as("recommendations on the topic: %s", latest.keySet()).accepts(latest);
        read.forEach(r -> assertThat(r.key()).isEqualTo(decode(r.value()).getServiceId()));
        return latest;
    }

    private static Map<String, Recommendation> latest(List<ConsumerRecord<String, byte[]>> read) {
        Map<String, Recommendation> latest = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> record : read) {
            Recommendation r = decode(record.value());
            latest.merge(
                    r.getRecommendationId(),
                    r,
                    (a, b) -> a.getRevision() >= b.getRevision() ? a : b);
        }
        return latest;
    }

    private static Recommendation decode(byte[] bytes) {
        try {
            return Serdes.recommendation().deserialize(bytes);
        } catch (RecordDecodingException e) {
            throw new AssertionError(e);
        }
    }

    private record Row(String state, long revision, BigDecimal savings) {}

    private static Optional<Row> row(TestDatabase db, String recommendationId) {
        return query(
                db,
                "SELECT state, revision, monthly_savings_list FROM recommendation"
                        + " WHERE recommendation_id = ?",
                List.of(recommendationId),
                rs -> new Row(rs.getString(1), rs.getLong(2), rs.getBigDecimal(3)));
    }

    private static Optional<String> rejection(TestDatabase db, String serviceId, String kind) {
        return query(
                db,
                "SELECT reason FROM recommendation_rejection WHERE service_id = ? AND kind = ?",
                List.of(serviceId, kind),
                rs -> rs.getString(1));
    }

    private interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private static <T> Optional<T> query(
            TestDatabase db, String sql, List<String> params, RowMapper<T> mapper) {
        try (Connection c = db.connect();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                ps.setString(i + 1, params.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(mapper.map(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }
}

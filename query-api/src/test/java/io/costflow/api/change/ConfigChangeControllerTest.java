package io.costflow.api.change;

import static org.assertj.core.api.Assertions.assertThat;

import io.costflow.api.ApiTestClient;
import io.costflow.api.ApiTestClient.Answer;
import io.costflow.api.ResultFixtures;
import io.costflow.infra.junit.SharedInfrastructure;
import io.costflow.infra.junit.TestDatabase;
import io.costflow.infra.junit.TestTopics;
import io.costflow.schemas.ServiceConfig;
import io.costflow.schemas.serde.RecordDecodingException;
import io.costflow.schemas.serde.Serdes;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Applying a recommendation as a service's config and rolling it back: PostgreSQL, the
 * service-config topic and the recorded history must agree.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConfigChangeControllerTest implements TestPropertyProvider {

    private static final Duration KAFKA_WAIT = Duration.ofSeconds(30);

    private final TestDatabase db = SharedInfrastructure.get().newDatabase();
    private final TestTopics topics = SharedInfrastructure.get().newTopics();
    private final String topic = topics.create("service-config", 1);
    private final String adminKey = ApiTestClient.randomAdminKey();
    private String viewerKey;
    private String operatorKey;

    @Inject
    @Client("/")
    HttpClient client;

    @Inject JsonMapper json;

    @Override
    public Map<String, String> getProperties() {
        return ApiTestClient.properties(db, adminKey, topics.bootstrapServers(), topic);
    }

    @Test
    void shouldPublishAppliedConfigAndRestoreItWhenRolledBack() throws Exception {
        setUpOnce();
        service("checkout", "checkout/rightsize", "RIGHTSIZE", "OPEN", "m6i.large", null);

        Answer applied = apply("checkout/rightsize");

        assertThat(applied.status()).as(applied.raw()).isEqualTo(201);
        assertThat(applied.text("kind")).isEqualTo("APPLY");
        assertThat(applied.body().get("before").get("instanceType").getStringValue())
                .isEqualTo("m6i.2xlarge");
        assertThat(applied.body().get("after").get("instanceType").getStringValue())
                .isEqualTo("m6i.large");
        assertThat(applied.body().get("versionAfter").getLongValue()).isEqualTo(2);
        assertThat(applied.text("actorKeyId")).isNotBlank();
        List<ServiceConfig> afterApply = published("checkout", 2);
        assertThat(afterApply.get(1).getInstanceType()).isEqualTo("m6i.large");
        assertThat(afterApply.get(1).getReplicas()).isEqualTo(4);
        assertThat(afterApply.get(1).getVersion()).isEqualTo(2);
        assertThat(afterApply.get(1).getDeployedAt())
                .isEqualTo(Instant.parse(applied.text("createdAt")));
        assertThat(stored("checkout")).isEqualTo("m6i.large x4 v2");

        Answer rolledBack =
                api().postJson("/v1/config/rollback/checkout/checkout/rightsize", "", operatorKey);

        assertThat(rolledBack.status()).as(rolledBack.raw()).isEqualTo(201);
        assertThat(rolledBack.text("kind")).isEqualTo("ROLLBACK");
        assertThat(rolledBack.body().get("rollsBack").getLongValue())
                .isEqualTo(applied.body().get("changeId").getLongValue());
        List<ServiceConfig> afterRollback = published("checkout", 3);
        assertThat(afterRollback.get(2).getInstanceType()).isEqualTo("m6i.2xlarge");
        assertThat(afterRollback.get(2).getReplicas()).isEqualTo(4);
        assertThat(afterRollback.get(2).getVersion()).isEqualTo(3);
        assertThat(afterRollback.get(2).getDeployedAt())
                .isEqualTo(Instant.parse(rolledBack.text("createdAt")));
        assertThat(stored("checkout")).isEqualTo("m6i.2xlarge x4 v3");

        Answer history = api().get("/v1/config/history/checkout", viewerKey);
        assertThat(history.status()).as(history.raw()).isEqualTo(200);
        JsonNode items = history.body().get("items");
        assertThat(history.body().get("totalItems").getLongValue()).isEqualTo(3);
        assertThat(items.get(0).get("kind").getStringValue()).isEqualTo("ROLLBACK");
        assertThat(items.get(1).get("kind").getStringValue()).isEqualTo("APPLY");
        assertThat(items.get(1).get("rolledBackBy").getLongValue())
                .isEqualTo(rolledBack.body().get("changeId").getLongValue());
        assertThat(items.get(2).get("kind").getStringValue()).isEqualTo("PUT");
        assertThat(items.get(2).get("before").isNull()).isTrue();
        assertThat(items.get(0).get("after").get("version").getLongValue()).isEqualTo(3);
    }

    @Test
    void shouldReturn409WhenAppliedTwiceOrRolledBackTwice() throws Exception {
        setUpOnce();
        service("search", "search/scale_in", "SCALE_IN", "OPEN", null, 3);
        assertThat(apply("search/scale_in").status()).isEqualTo(201);

        Answer again = apply("search/scale_in");

        assertProblem(again, 409, "urn:costflow:problem:already-applied");
        assertThat(again.text("detail")).contains("already applied", "roll it back");
        assertThat(stored("search")).isEqualTo("m6i.2xlarge x3 v2");

        String rollback = "/v1/config/rollback/search/search/scale_in";
        assertThat(api().postJson(rollback, "", operatorKey).status()).isEqualTo(201);
        Answer twice = api().postJson(rollback, "", operatorKey);

        assertProblem(twice, 409, "urn:costflow:problem:already-rolled-back");
        assertThat(stored("search")).isEqualTo("m6i.2xlarge x4 v3");
        published("search", 3);
    }

    @Test
    void shouldApplyAReopenedRecommendationsNewProposalAndRollBackNewestFirst() throws Exception {
        setUpOnce();
        service("cart", "cart/scale_in", "SCALE_IN", "OPEN", null, 3);
        assertThat(apply("cart/scale_in").status()).isEqualTo(201);
        // The pipeline reopens it from windows measured on 3 replicas: revision 3, to 2.
        propose("cart/scale_in", 3, 1, 3, 2);

        Answer reopened = apply("cart/scale_in");

        assertThat(reopened.status()).as(reopened.raw()).isEqualTo(201);
        assertThat(reopened.body().get("recommendationRevision").getLongValue()).isEqualTo(3);
        assertThat(reopened.text("recommendationCreatedAt")).isNotBlank();
        assertThat(stored("cart")).isEqualTo("m6i.2xlarge x2 v3");
        assertProblem(apply("cart/scale_in"), 409, "urn:costflow:problem:already-applied");

        // The service came back after the withdrawn retention: revision 1 again, a new life.
        propose("cart/scale_in", 1, 2, 2, 1);
        assertThat(apply("cart/scale_in").status()).isEqualTo(201);
        assertThat(stored("cart")).isEqualTo("m6i.2xlarge x1 v4");

        String rollback = "/v1/config/rollback/cart/cart/scale_in";
        for (String expected :
                List.of("m6i.2xlarge x2 v5", "m6i.2xlarge x3 v6", "m6i.2xlarge x4 v7")) {
            assertThat(api().postJson(rollback, "", operatorKey).status()).isEqualTo(201);
            assertThat(stored("cart")).isEqualTo(expected);
        }
        assertProblem(
                api().postJson(rollback, "", operatorKey),
                409,
                "urn:costflow:problem:already-rolled-back");
        published("cart", 7);
    }

    /**
     * The recommendation as the pipeline would write it again: {@code revision}, created {@code
     * daysLater} days after the fixture, from {@code current} to {@code proposed} replicas.
     */
    private void propose(
            String recommendationId, long revision, int daysLater, int current, int proposed)
            throws SQLException {
        try (Connection c = db.connect();
                var s =
                        c.prepareStatement(
                                "UPDATE recommendation SET revision = ?, created_at = created_at"
                                        + " + make_interval(days => ?), current_replicas = ?,"
                                        + " proposed_replicas = ? WHERE recommendation_id = ?")) {
            s.setLong(1, revision);
            s.setInt(2, daysLater);
            s.setInt(3, current);
            s.setInt(4, proposed);
            s.setString(5, recommendationId);
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
    }

    @Test
    void shouldReturn409WhenRecommendationIsWithdrawnOrNotExpressibleAsConfig() throws Exception {
        setUpOnce();
        service("ledger", "ledger/rightsize", "RIGHTSIZE", "WITHDRAWN", "m6i.large", null);
        try (Connection c = db.connect()) {
            ResultFixtures.insertRecommendation(
                    c,
                    "ledger/pricing_model",
                    "ledger",
                    "PRICING_MODEL",
                    "OPEN",
                    "m6i.2xlarge",
                    4,
                    null,
                    null,
                    "SPOT",
                    "700");
        }

        try (Connection c = db.connect()) {
            ResultFixtures.insertRecommendation(
                    c,
                    "ledger/idle",
                    "ledger",
                    "IDLE",
                    "OPEN",
                    "m6i.2xlarge",
                    4,
                    null,
                    0,
                    null,
                    "1121.28");
        }

        Answer withdrawn = apply("ledger/rightsize");
        Answer pricing = apply("ledger/pricing_model");
        Answer idle = apply("ledger/idle");

        assertProblem(withdrawn, 409, "urn:costflow:problem:recommendation-not-applicable");
        assertThat(withdrawn.text("detail")).contains("WITHDRAWN");
        assertProblem(pricing, 409, "urn:costflow:problem:recommendation-not-applicable");
        assertThat(pricing.text("detail")).contains("SPOT", "no pricing model");
        assertProblem(idle, 409, "urn:costflow:problem:recommendation-not-applicable");
        assertThat(idle.text("detail")).contains("removing the service");
        assertThat(stored("ledger")).isEqualTo("m6i.2xlarge x4 v1");
    }

    @Test
    void shouldReturn409WhenServiceChangedSinceRecommendation() throws Exception {
        setUpOnce();
        service("stale", "stale/rightsize", "RIGHTSIZE", "OPEN", "m6i.large", null);
        put("stale", ResultFixtures.config("m6i.xlarge", 4));

        Answer answer = apply("stale/rightsize");

        assertProblem(answer, 409, "urn:costflow:problem:recommendation-not-applicable");
        assertThat(answer.text("detail")).contains("4 × m6i.2xlarge", "now runs 4 × m6i.xlarge");
    }

    @Test
    void shouldReturn404WhenRecommendationOrServiceIsUnknown() throws Exception {
        setUpOnce();

        Answer apply = apply("nobody/rightsize");
        Answer rollback =
                api().postJson("/v1/config/rollback/nobody/nobody/rightsize", "", operatorKey);
        Answer history = api().get("/v1/config/history/nobody", viewerKey);

        assertProblem(apply, 404, "urn:costflow:problem:unknown-recommendation");
        assertProblem(rollback, 404, "urn:costflow:problem:unknown-service");
        assertProblem(history, 404, "urn:costflow:problem:unknown-service");
    }

    @Test
    void shouldReturn409WhenRollingBackAnApplyTheDeploymentHasChangedSince() throws Exception {
        setUpOnce();
        service("moved", "moved/rightsize", "RIGHTSIZE", "OPEN", "m6i.large", null);
        assertThat(apply("moved/rightsize").status()).isEqualTo(201);
        put("moved", ResultFixtures.config("m6i.large", 6));
        String rollback = "/v1/config/rollback/moved/moved/rightsize";

        Answer refused = api().postJson(rollback, "", operatorKey);

        // Restoring 4 × m6i.2xlarge would silently drop the later change to 6 replicas.
        assertProblem(refused, 409, "urn:costflow:problem:changed-since-apply");
        assertThat(refused.text("detail"))
                .contains("set 4 × m6i.large", "now runs 6 × m6i.large", "version 3");
        assertThat(stored("moved")).isEqualTo("m6i.large x6 v3");

        put("moved", ResultFixtures.config("m6i.large", 4));
        Answer accepted = api().postJson(rollback, "", operatorKey);

        assertThat(accepted.status()).as(accepted.raw()).isEqualTo(201);
        assertThat(stored("moved")).isEqualTo("m6i.2xlarge x4 v5");
        published("moved", 5);
    }

    @Test
    void shouldReturn409WhenRollingBackWhatWasNeverApplied() throws Exception {
        setUpOnce();
        service("idle", "idle/rightsize", "RIGHTSIZE", "OPEN", "m6i.large", null);

        Answer answer = api().postJson("/v1/config/rollback/idle/idle/rightsize", "", operatorKey);

        assertProblem(answer, 409, "urn:costflow:problem:not-applied");
        assertThat(answer.text("detail")).contains("never applied");
    }

    @Test
    void shouldLetOnlyOneApplySucceedWhenTwoRaceForTheSameRecommendation() throws Exception {
        setUpOnce();
        service("race", "race/rightsize", "RIGHTSIZE", "OPEN", "m6i.large", null);
        List<Integer> statuses =
                race(2, i -> apply("race/rightsize")).stream()
                        .map(Answer::status)
                        .sorted()
                        .toList();
        assertThat(statuses).containsExactly(201, 409);
        assertThat(stored("race")).isEqualTo("m6i.large x4 v2");
        try (Connection c = db.connect();
                PreparedStatement s =
                        c.prepareStatement(
                                "SELECT count(*) FROM config_change WHERE recommendation_id = ?")) {
            s.setString(1, "race/rightsize");
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(1);
            }
        }
    }

    @Test
    void shouldChainTheHistoryWhenFirstPutsOfAServiceRace() throws Exception {
        setUpOnce();
        int racers = 6;

        List<Answer> answers =
                race(
                        racers,
                        i ->
                                api().putJson(
                                                "/v1/services/fresh",
                                                ResultFixtures.config("m6i.large", i + 1),
                                                adminKey));

        assertThat(answers.stream().map(Answer::status).toList())
                .containsOnly(200, 201)
                .containsOnlyOnce(201);
        // Each change's "before" is the config the one before it left: no second "first config".
        List<String> chain = new ArrayList<>();
        try (Connection c = db.connect();
                PreparedStatement s =
                        c.prepareStatement(
                                "SELECT config_before ->> 'replicas', config_after ->> 'replicas'"
                                        + " FROM config_change WHERE service_id = 'fresh'"
                                        + " ORDER BY change_id")) {
            try (ResultSet rs = s.executeQuery()) {
                String previous = null;
                while (rs.next()) {
                    assertThat(rs.getString(1))
                            .as("before of change " + chain.size())
                            .isEqualTo(previous);
                    previous = rs.getString(2);
                    chain.add(previous);
                }
            }
        }
        assertThat(chain).hasSize(racers);
    }

    @Test
    void shouldRecordPutWithActorWhenAdminChangesConfig() throws Exception {
        setUpOnce();
        put("owned", ResultFixtures.config("m6i.large", 2));
        Answer second =
                api().putJson(
                                "/v1/services/owned",
                                ResultFixtures.config("m6i.large", 3),
                                adminKey);
        assertThat(second.status()).isEqualTo(200);

        Answer history = api().get("/v1/config/history/owned?size=1", viewerKey);

        assertThat(history.status()).isEqualTo(200);
        assertThat(history.body().get("totalItems").getLongValue()).isEqualTo(2);
        JsonNode newest = history.body().get("items").get(0);
        assertThat(newest.get("kind").getStringValue()).isEqualTo("PUT");
        assertThat(newest.get("before").get("replicas").getIntValue()).isEqualTo(2);
        assertThat(newest.get("after").get("replicas").getIntValue()).isEqualTo(3);
        assertThat(newest.get("versionAfter").getLongValue()).isEqualTo(2);
    }

    @Test
    void shouldReturn400ProblemWhenApplyBodyIsInvalid() throws Exception {
        setUpOnce();

        for (String body :
                List.of(
                        "{}",
                        "{\"recommendationId\": {\"id\": 1}}",
                        "{\"recommendationId\": \"x' OR '1'='1\"}",
                        "{\"recommendationId\": \"a\"",
                        "\"checkout/rightsize\"")) {
            Answer answer = api().postJson("/v1/config/apply", body, operatorKey);
            assertThat(answer.status()).as(body + " -> " + answer.raw()).isEqualTo(400);
            assertThat(answer.contentType()).isEqualTo(ApiTestClient.PROBLEM_JSON);
        }
        Answer injected = api().get("/v1/config/history/x'%20OR%20'1'='1", viewerKey);
        assertThat(injected.status()).isEqualTo(400);
        Answer page = api().get("/v1/config/history/checkout?size=1000", viewerKey);
        assertThat(page.status()).isEqualTo(400);
    }

    private Answer apply(String recommendationId) {
        return api().postJson(
                        "/v1/config/apply",
                        "{\"recommendationId\": \"" + recommendationId + "\"}",
                        operatorKey);
    }

    /** Starts {@code n} calls at once, each on its own thread, and waits for all of them. */
    private static List<Answer> race(int n, IntFunction<Answer> call) {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<Answer>> answers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int caller = i;
                answers.add(
                        CompletableFuture.supplyAsync(
                                () -> {
                                    try {
                                        start.await();
                                    } catch (InterruptedException e) {
                                        Thread.currentThread().interrupt();
                                        throw new IllegalStateException(e);
                                    }
                                    return call.apply(caller);
                                },
                                pool));
            }
            start.countDown();
            return answers.stream().map(CompletableFuture::join).toList();
        } finally {
            pool.shutdownNow();
        }
    }

    /** A service on 4 × m6i.2xlarge and one recommendation for it. */
    private void service(
            String serviceId,
            String recommendationId,
            String kind,
            String state,
            String proposedType,
            Integer proposedReplicas)
            throws SQLException {
        put(serviceId, ResultFixtures.config("m6i.2xlarge", 4));
        try (Connection c = db.connect()) {
            ResultFixtures.insertRecommendation(
                    c,
                    recommendationId,
                    serviceId,
                    kind,
                    state,
                    "m6i.2xlarge",
                    4,
                    proposedType,
                    proposedReplicas,
                    null,
                    "840.96");
        }
    }

    private void put(String serviceId, String config) {
        Answer put = api().putJson("/v1/services/" + serviceId, config, adminKey);
        assertThat(put.status()).as(put.raw()).isIn(200, 201);
    }

    private String stored(String serviceId) throws SQLException {
        try (Connection c = db.connect();
                PreparedStatement s =
                        c.prepareStatement(
                                "SELECT instance_type, replicas, version FROM service_config"
                                        + " WHERE service_id = ?")) {
            s.setString(1, serviceId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getString(1) + " x" + rs.getInt(2) + " v" + rs.getLong(3);
            }
        }
    }

    /** The records of {@code serviceId} on the topic, once there are {@code count}; no more. */
    private List<ServiceConfig> published(String serviceId, int count)
            throws RecordDecodingException {
        List<ConsumerRecord<String, byte[]>> records =
                topics.consumeUntil(
                        topic,
                        read ->
                                read.stream().filter(r -> r.key().equals(serviceId)).count()
                                        >= count,
                        KAFKA_WAIT);
        List<ServiceConfig> configs = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            if (record.key().equals(serviceId)) {
                configs.add(Serdes.serviceConfig().deserialize(record.value()));
            }
        }
        assertThat(configs).hasSize(count);
        return configs;
    }

    private void assertProblem(Answer answer, int status, String type) {
        assertThat(answer.status()).as(answer.raw()).isEqualTo(status);
        assertThat(answer.contentType()).isEqualTo(ApiTestClient.PROBLEM_JSON);
        assertThat(answer.text("type")).isEqualTo(type);
    }

    private void setUpOnce() {
        if (operatorKey != null) {
            return;
        }
        viewerKey = api().createKey(adminKey, "VIEWER");
        operatorKey = api().createKey(adminKey, "OPERATOR");
    }

    private ApiTestClient api() {
        return new ApiTestClient(client, json);
    }
}

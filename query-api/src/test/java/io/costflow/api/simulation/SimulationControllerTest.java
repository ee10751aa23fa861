package io.costflow.api.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.costflow.api.ApiTestClient;
import io.costflow.api.ApiTestClient.Answer;
import io.costflow.api.ResultFixtures;
import io.costflow.infra.junit.SharedInfrastructure;
import io.costflow.infra.junit.TestDatabase;
import io.costflow.infra.junit.TestTopics;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Simulations and on-demand recommendations over cost windows in a real PostgreSQL, computed by
 * cost-model's simulator and advisors.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SimulationControllerTest implements TestPropertyProvider {

    private final TestDatabase db = SharedInfrastructure.get().newDatabase();
    private final TestTopics topics = SharedInfrastructure.get().newTopics();
    private final String topic = topics.create("service-config", 1);
    private final String adminKey = ApiTestClient.randomAdminKey();
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
    void shouldPriceAndJudgeScenarioWhenServiceHasWindows() throws SQLException {
        setUpOnce();

        Answer answer =
                api().postJson(
                                "/v1/simulate",
                                """
                                {"serviceId": "checkout", "instanceType": "m6i.large",
                                 "replicas": 4, "horizonMonths": 6}
                                """,
                                operatorKey);

        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
        JsonNode sim = answer.body().get("simulation");
        // 4 × m6i.2xlarge = 4 × 0.384 × 730 = 1121.28 a month; 4 × m6i.large = 280.32.
        assertThat(new BigDecimal(sim.get("baseline").get("list").getStringValue()))
                .isEqualByComparingTo("1121.28");
        assertThat(new BigDecimal(sim.get("projected").get("list").getStringValue()))
                .isEqualByComparingTo("280.32");
        assertThat(new BigDecimal(sim.get("monthlySavings").get("list").getStringValue()))
                .isEqualByComparingTo("840.96");
        assertThat(new BigDecimal(sim.get("horizonSavings").get("list").getStringValue()))
                .isEqualByComparingTo("5045.76");
        // Billing shows 80 % of list is paid: effective savings are 0.8 × list.
        assertThat(new BigDecimal(sim.get("monthlySavings").get("effective").getStringValue()))
                .isEqualByComparingTo("672.768");
        assertThat(sim.get("projectedUtilization").getDoubleValue()).isBetween(0.5, 0.7);
        assertThat(sim.get("sloHolds").getBooleanValue()).isTrue();
        assertThat(sim.get("explanation").getStringValue()).contains("m6i.large", "SLOs hold");
        assertThat(sim.get("assumptions").size()).isPositive();
        JsonNode profile = answer.body().get("profile");
        assertThat(profile.get("instanceType").getStringValue()).isEqualTo("m6i.2xlarge");
        assertThat(profile.get("windowsPresent").getIntValue()).isEqualTo(24);
        assertThat(profile.get("arrivalRatePerSecond").getDoubleValue()).isEqualTo(200.0);
    }

    @Test
    void shouldReportBreachWhenScenarioOverloadsService() throws SQLException {
        setUpOnce();

        Answer answer =
                api().postJson(
                                "/v1/simulate",
                                "{\"serviceId\": \"checkout\", \"replicas\": 1,"
                                        + " \"trafficMultiplier\": 10}",
                                operatorKey);

        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
        JsonNode sim = answer.body().get("simulation");
        assertThat(sim.get("sloHolds").getBooleanValue()).isFalse();
        assertThat(sim.get("breaches").size()).isPositive();
        assertThat(sim.get("verdict").getStringValue()).isNotEqualTo("SLOs hold");
    }

    @Test
    void shouldUseTemplateWhenRequestNamesOne() throws SQLException {
        setUpOnce();

        Answer answer =
                api().postJson(
                                "/v1/simulate",
                                "{\"serviceId\": \"checkout\", \"template\": \"ONE_SIZE_DOWN\"}",
                                operatorKey);

        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
        JsonNode scenario = answer.body().get("simulation").get("scenario");
        assertThat(scenario.get("instanceType").getStringValue()).isEqualTo("m6i.xlarge");
        assertThat(scenario.get("replicas").getIntValue()).isEqualTo(4);
        assertThat(scenario.get("name").getStringValue()).isEqualTo("one size down");
        assertThat(scenario.get("horizonMonths").getIntValue()).isEqualTo(12);
    }

    @Test
    void shouldListEveryTemplateWhenAsked() throws SQLException {
        setUpOnce();

        Answer answer = api().get("/v1/simulate/templates", operatorKey);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().size()).isEqualTo(6);
        assertThat(answer.body().get(0).get("name").getStringValue()).isEqualTo("ONE_SIZE_DOWN");
        assertThat(answer.body().get(0).get("label").getStringValue()).isEqualTo("one size down");
    }

    @Test
    void shouldReturn409WhenTemplateDoesNotApply() throws SQLException {
        setUpOnce();

        Answer answer =
                api().postJson(
                                "/v1/simulate",
                                "{\"serviceId\": \"solo\", \"template\": \"ONE_REPLICA_FEWER\"}",
                                operatorKey);

        assertProblem(answer, 409, "urn:costflow:problem:template-not-applicable");
        assertThat(answer.text("detail")).contains("ONE_REPLICA_FEWER", "1 × m6i.2xlarge");
    }

    @Test
    void shouldReturn409WhenServiceHasNoWindows() throws SQLException {
        setUpOnce();

        Answer answer = api().postJson("/v1/simulate", "{\"serviceId\": \"fresh\"}", operatorKey);

        assertProblem(answer, 409, "urn:costflow:problem:no-cost-windows");
        assertThat(answer.text("detail")).contains("'fresh' has no cost windows");
    }

    @Test
    void shouldReturn404WhenServiceIsUnknown() throws SQLException {
        setUpOnce();

        Answer answer = api().postJson("/v1/simulate", "{\"serviceId\": \"nobody\"}", operatorKey);

        assertProblem(answer, 404, "urn:costflow:problem:unknown-service");
    }

    @Test
    void shouldReturn400NamingFieldWhenInstanceTypeIsNotInCatalog() throws SQLException {
        setUpOnce();

        Answer answer =
                api().postJson(
                                "/v1/simulate",
                                "{\"serviceId\": \"checkout\", \"instanceType\": \"z9.huge\"}",
                                operatorKey);

        assertProblem(answer, 400, "urn:costflow:problem:invalid-parameters");
        JsonNode param = answer.body().get("invalidParams").get(0);
        assertThat(param.get("name").getStringValue()).isEqualTo("instanceType");
        assertThat(param.get("value").getStringValue()).isEqualTo("z9.huge");
        assertThat(answer.text("detail")).contains("not in the price catalog for region us-east-1");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"serviceId\": \"checkout\", \"replicas\": -1}",
                "{\"serviceId\": \"checkout\", \"replicas\": 1.5}",
                "{\"serviceId\": \"checkout\", \"replicas\": \"many\"}",
                "{\"serviceId\": \"checkout\", \"trafficMultiplier\": 1000}",
                "{\"serviceId\": \"checkout\", \"horizonMonths\": 0}",
                "{\"serviceId\": \"checkout\", \"pricingModel\": \"RESERVED\"}",
                "{\"serviceId\": \"checkout\", \"template\": \"HALVE_IT\"}",
                "{\"serviceId\": \"checkout\", \"replica\": 2}",
                "{\"serviceId\": \"checkout\", \"template\": \"ONE_SIZE_DOWN\", \"replicas\": 2}",
                "{\"serviceId\": \"x' OR '1'='1\"}",
                "{\"instanceType\": \"m6i.large\"}",
                "{\"serviceId\": \"checkout\", ",
                "[1, 2]"
            })
    void shouldReturn400ProblemWhenRequestIsInvalid(String body) throws SQLException {
        setUpOnce();

        Answer answer = api().postJson("/v1/simulate", body, operatorKey);

        assertThat(answer.status()).as(answer.raw()).isEqualTo(400);
        assertThat(answer.contentType()).isEqualTo(ApiTestClient.PROBLEM_JSON);
        assertThat(answer.text("detail")).isNotBlank();
    }

    @Test
    void shouldAnswerEachScenarioWhenBatchMixesGoodAndBad() throws SQLException {
        setUpOnce();

        Answer answer =
                api().postJson(
                                "/v1/simulate/batch",
                                """
                                {"scenarios": [
                                  {"serviceId": "checkout", "template": "SWITCH_TO_SPOT"},
                                  {"serviceId": "nobody"},
                                  {"serviceId": "checkout", "replicas": -3},
                                  {"serviceId": "checkout", "replicas": 2}
                                ]}
                                """,
                                operatorKey);

        assertThat(answer.status()).as(answer.raw()).isEqualTo(207);
        JsonNode items = answer.body().get("items");
        assertThat(items.size()).isEqualTo(4);
        assertThat(answer.body().get("succeeded").getIntValue()).isEqualTo(2);
        assertThat(answer.body().get("failed").getIntValue()).isEqualTo(2);
        assertThat(
                        items.get(0)
                                .get("result")
                                .get("simulation")
                                .get("scenario")
                                .get("pricingModel")
                                .getStringValue())
                .isEqualTo("SPOT");
        assertThat(items.get(1).get("problem").get("status").getIntValue()).isEqualTo(404);
        assertThat(items.get(2).get("problem").get("status").getIntValue()).isEqualTo(400);
        assertThat(
                        items.get(2)
                                .get("problem")
                                .get("invalidParams")
                                .get(0)
                                .get("name")
                                .getStringValue())
                .isEqualTo("scenarios[2].replicas");
        assertThat(
                        items.get(3)
                                .get("result")
                                .get("simulation")
                                .get("scenario")
                                .get("replicas")
                                .getIntValue())
                .isEqualTo(2);
    }

    @Test
    void shouldReturn200WhenEveryBatchScenarioSucceeds() throws SQLException {
        setUpOnce();

        Answer answer =
                api().postJson(
                                "/v1/simulate/batch",
                                "{\"scenarios\": [{\"serviceId\": \"checkout\"},"
                                        + " {\"serviceId\": \"checkout\", \"replicas\": 3}]}",
                                operatorKey);

        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
        assertThat(answer.body().get("succeeded").getIntValue()).isEqualTo(2);
    }

    @Test
    void shouldReturn400WhenBatchIsEmptyOrTooLarge() throws SQLException {
        setUpOnce();
        String many = "{\"serviceId\": \"checkout\"},".repeat(20) + "{\"serviceId\": \"checkout\"}";

        Answer tooMany =
                api().postJson(
                                "/v1/simulate/batch",
                                "{\"scenarios\": [" + many + "]}",
                                operatorKey);
        Answer empty = api().postJson("/v1/simulate/batch", "{\"scenarios\": []}", operatorKey);

        assertProblem(tooMany, 400, "urn:costflow:problem:invalid-parameters");
        assertThat(tooMany.text("detail")).contains("at most 20 scenarios");
        assertProblem(empty, 400, "urn:costflow:problem:invalid-parameters");
    }

    @Test
    void shouldGiveIdenticalFiguresWhenSimulatingWhatRecommendProposes() throws SQLException {
        setUpOnce();
        Answer recommended =
                api().postJson("/v1/recommend", "{\"serviceId\": \"checkout\"}", operatorKey);
        assertThat(recommended.status()).as(recommended.raw()).isEqualTo(200);
        JsonNode recommendations = recommended.body().get("recommendations");
        assertThat(recommendations.size()).isPositive();

        for (JsonNode advice : recommendations.values()) {
            JsonNode advised = advice.get("simulation");
            JsonNode scenario = advised.get("scenario");
            Answer simulated =
                    api().postJson(
                                    "/v1/simulate",
                                    """
                                    {"serviceId": "checkout", "instanceType": "%s",
                                     "replicas": %d, "pricingModel": "%s",
                                     "trafficMultiplier": %s, "horizonMonths": %d}
                                    """
                                            .formatted(
                                                    scenario.get("instanceType").getStringValue(),
                                                    scenario.get("replicas").getIntValue(),
                                                    scenario.get("pricingModel").getStringValue(),
                                                    scenario.get("trafficMultiplier")
                                                            .getDoubleValue(),
                                                    scenario.get("horizonMonths").getIntValue()),
                                    operatorKey);
            assertThat(simulated.status()).as(simulated.raw()).isEqualTo(200);
            JsonNode mine = simulated.body().get("simulation");
            for (String field :
                    new String[] {
                        "baseline",
                        "projected",
                        "monthlySavings",
                        "horizonSavings",
                        "projectedUtilization",
                        "projectedMemoryUtilization",
                        "projectedP99LatencyMs",
                        "sloHolds",
                        "verdict",
                        "breaches",
                        "assumptions"
                    }) {
                assertThat(mine.get(field))
                        .as(advice.get("kind").getStringValue() + " " + field)
                        .isEqualTo(advised.get(field));
            }
        }
    }

    @Test
    void shouldRecommendRightsizingAndListRejectionsWhenServiceIsOverProvisioned()
            throws SQLException {
        setUpOnce();

        Answer answer =
                api().postJson("/v1/recommend", "{\"serviceId\": \"checkout\"}", operatorKey);

        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
        JsonNode rightsize = null;
        for (JsonNode r : answer.body().get("recommendations").values()) {
            if (r.get("kind").getStringValue().equals("RIGHTSIZE")) {
                rightsize = r;
            }
        }
        assertThat(rightsize).as(answer.raw()).isNotNull();
        assertThat(rightsize.get("recommendationId").getStringValue())
                .isEqualTo("checkout/rightsize");
        assertThat(rightsize.get("proposedInstanceType").getStringValue()).isEqualTo("m6i.large");
        assertThat(rightsize.get("explanation").getStringValue()).contains("Assumptions:");
        assertThat(answer.body().get("rejected").isArray()).isTrue();
        // Nothing is stored: the pipeline owns the recommendation table.
        assertThat(
                        api().get("/v1/recommendations?serviceId=checkout", operatorKey)
                                .body()
                                .get("totalItems")
                                .getLongValue())
                .isZero();
    }

    @Test
    void shouldReturn409WhenRecommendingForServiceWithoutWindows() throws SQLException {
        setUpOnce();

        Answer answer = api().postJson("/v1/recommend", "{\"serviceId\": \"fresh\"}", operatorKey);

        assertProblem(answer, 409, "urn:costflow:problem:no-cost-windows");
    }

    @Test
    void shouldModelOnlyWindowsMeasuredSinceTheDeploymentChanged() throws SQLException {
        setUpOnce();
        put("scaled", ResultFixtures.config("m6i.2xlarge", 4));
        try (Connection c = db.connect()) {
            ResultFixtures.insertBusyWindows(c, "scaled", 24, 200, 0.15);
        }
        String recommend = "{\"serviceId\": \"scaled\"}";
        assertThat(confidences(api().postJson("/v1/recommend", recommend, operatorKey)))
                .isNotEmpty()
                .containsOnly(1.0);

        // Scaled in to 2: the windows so far were measured on 4 replicas.
        Answer scaledIn =
                api().putJson(
                                "/v1/services/scaled",
                                ResultFixtures.config("m6i.2xlarge", 2),
                                adminKey);
        assertThat(scaledIn.status()).as(scaledIn.raw()).isEqualTo(200);

        for (String path : List.of("/v1/recommend", "/v1/simulate")) {
            Answer answer = api().postJson(path, recommend, operatorKey);
            assertProblem(answer, 409, "urn:costflow:problem:no-cost-windows");
            assertThat(answer.text("detail"))
                    .contains("no cost window measured on its current deployment (2 × m6i.2xlarge");
        }

        // As if the change had come 12 hours into the windows: the later 12 count.
        try (Connection c = db.connect();
                var s =
                        c.prepareStatement(
                                "UPDATE service_config SET deployed_at = ? WHERE service_id ="
                                        + " 'scaled'")) {
            s.setObject(
                    1,
                    ResultFixtures.BEGINNING
                            .plus(java.time.Duration.ofHours(12))
                            .atOffset(java.time.ZoneOffset.UTC));
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
        assertThat(confidences(api().postJson("/v1/recommend", recommend, operatorKey)))
                .isNotEmpty()
                .containsOnly(0.5);
    }

    /** The confidence of each recommendation in a {@code /v1/recommend} answer. */
    private static List<Double> confidences(Answer answer) {
        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
        List<Double> confidences = new java.util.ArrayList<>();
        for (JsonNode r : answer.body().get("recommendations").values()) {
            confidences.add(r.get("confidence").getNumberValue().doubleValue());
        }
        return confidences;
    }

    private void assertProblem(Answer answer, int status, String type) {
        assertThat(answer.status()).as(answer.raw()).isEqualTo(status);
        assertThat(answer.contentType()).isEqualTo(ApiTestClient.PROBLEM_JSON);
        assertThat(answer.text("type")).isEqualTo(type);
    }

    private void setUpOnce() throws SQLException {
        if (operatorKey != null) {
            return;
        }
        operatorKey = api().createKey(adminKey, "OPERATOR");
        put("checkout", ResultFixtures.config("m6i.2xlarge", 4));
        put("solo", ResultFixtures.config("m6i.2xlarge", 1));
        put("fresh", ResultFixtures.config("m6i.2xlarge", 2));
        try (Connection c = db.connect()) {
            ResultFixtures.insertBusyWindows(c, "checkout", 24, 200, 0.15);
            ResultFixtures.insertBusyWindows(c, "solo", 24, 50, 0.15);
        }
    }

    private void put(String serviceId, String config) {
        Answer put = api().putJson("/v1/services/" + serviceId, config, adminKey);
        assertThat(put.status()).as(put.raw()).isEqualTo(201);
    }

    private ApiTestClient api() {
        return new ApiTestClient(client, json);
    }
}

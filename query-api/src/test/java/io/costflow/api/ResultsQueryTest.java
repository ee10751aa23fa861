package io.costflow.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.costflow.api.ApiTestClient.Answer;
import io.costflow.infra.junit.SharedInfrastructure;
import io.costflow.infra.junit.TestDatabase;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Recommendations and alerts the pipeline stored, read back with filters and pages. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResultsQueryTest implements TestPropertyProvider {

    private final TestDatabase db = SharedInfrastructure.get().newDatabase();
    private final String adminKey = ApiTestClient.randomAdminKey();
    private String viewerKey;

    @Inject
    @Client("/")
    HttpClient client;

    @Inject JsonMapper json;

    @Override
    public Map<String, String> getProperties() {
        return ApiTestClient.properties(db, adminKey);
    }

    @Test
    void shouldFilterAndPageRecommendationsWhenAsked() throws SQLException {
        setUpOnce();

        Answer open = api().get("/v1/recommendations?state=OPEN&size=1", viewerKey);
        Answer secondPage = api().get("/v1/recommendations?state=OPEN&size=1&page=1", viewerKey);
        Answer checkout = api().get("/v1/recommendations?serviceId=checkout", viewerKey);
        Answer scaleIn = api().get("/v1/recommendations?kind=SCALE_IN", viewerKey);

        assertThat(open.status()).as(open.raw()).isEqualTo(200);
        assertThat(open.body().get("totalItems").getLongValue()).isEqualTo(2);
        assertThat(open.body().get("items").size()).isEqualTo(1);
        assertThat(ids(open)).doesNotContainAnyElementsOf(ids(secondPage));
        assertThat(ids(checkout)).containsExactlyInAnyOrder("checkout/rightsize", "checkout/idle");
        assertThat(ids(scaleIn)).containsExactly("search/scale_in");
    }

    @Test
    void shouldReturnRecommendationWhenIdHasSlash() throws SQLException {
        setUpOnce();

        Answer answer = api().get("/v1/recommendations/checkout/rightsize", viewerKey);

        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
        assertThat(answer.text("recommendationId")).isEqualTo("checkout/rightsize");
        assertThat(answer.text("proposedInstanceType")).isEqualTo("m6i.large");
        assertThat(answer.body().get("proposedReplicas").isNull()).isTrue();
        assertThat(answer.text("monthlySavingsList")).isEqualTo("840.960000000000");
    }

    @Test
    void shouldReturn404WhenRecommendationIsUnknown() throws SQLException {
        setUpOnce();

        Answer answer = api().get("/v1/recommendations/checkout/teleport", viewerKey);

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.contentType()).isEqualTo(ApiTestClient.PROBLEM_JSON);
        assertThat(answer.text("type")).isEqualTo("urn:costflow:problem:unknown-recommendation");
        assertThat(answer.text("detail")).contains("checkout/teleport");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/v1/recommendations?kind=TELEPORT",
                "/v1/recommendations?state=maybe",
                "/v1/recommendations?size=0",
                "/v1/recommendations?page=-1",
                "/v1/recommendations?serviceId=x'%20OR%20'1'='1",
                "/v1/alerts?kind=weather",
                "/v1/alerts?state=burning",
                "/v1/alerts?from=yesterday",
                "/v1/alerts?from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z",
                "/v1/alerts?from=%2B300000-01-01T00:00:00Z",
                "/v1/alerts?to=-000001-01-01T00:00:00Z",
                "/v1/alerts?serviceId=a%3BDROP%20TABLE%20sla_alert",
                "/v1/alerts?size=101"
            })
    void shouldReturn400ProblemWhenFilterIsInvalid(String uri) throws SQLException {
        setUpOnce();

        Answer answer = api().get(uri, viewerKey);

        assertThat(answer.status()).as(answer.raw()).isEqualTo(400);
        assertThat(answer.contentType()).isEqualTo(ApiTestClient.PROBLEM_JSON);
        assertThat(answer.body().get("invalidParams").size()).isPositive();
    }

    @Test
    void shouldListSlaAndBudgetAlertsNewestFirstWhenUnfiltered() throws SQLException {
        setUpOnce();

        Answer answer = api().get("/v1/alerts", viewerKey);

        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
        assertThat(alertIds(answer))
                .containsExactly("budget-forecast", "sla-resolved", "budget-owner", "sla-firing");
        JsonNode budget = answer.body().get("items").get(0);
        assertThat(budget.get("kind").getStringValue()).isEqualTo("FORECAST");
        assertThat(budget.get("forecast").getStringValue()).isEqualTo("5200.000000000000");
        assertThat(budget.get("state")).isNull();
        JsonNode sla = answer.body().get("items").get(1);
        assertThat(sla.get("kind").getStringValue()).isEqualTo("SLA");
        assertThat(sla.get("severity").getStringValue()).isEqualTo("PAGE");
        assertThat(sla.get("longWindowBurnRate").getDoubleValue()).isEqualTo(15.0);
    }

    @Test
    void shouldFilterAlertsByKindServiceStateAndTime() throws SQLException {
        setUpOnce();

        assertThat(alertIds(api().get("/v1/alerts?kind=sla", viewerKey)))
                .containsExactly("sla-resolved", "sla-firing");
        assertThat(alertIds(api().get("/v1/alerts?kind=BUDGET", viewerKey)))
                .containsExactly("budget-forecast", "budget-owner");
        assertThat(alertIds(api().get("/v1/alerts?kind=forecast", viewerKey)))
                .containsExactly("budget-forecast");
        assertThat(alertIds(api().get("/v1/alerts?serviceId=checkout", viewerKey)))
                .containsExactly("budget-forecast", "sla-resolved", "sla-firing");
        assertThat(alertIds(api().get("/v1/alerts?state=FIRING", viewerKey)))
                .containsExactly("sla-firing");
        assertThat(
                        alertIds(
                                api().get(
                                                "/v1/alerts?from="
                                                        + encode("2026-11-01T02:00:00Z")
                                                        + "&to="
                                                        + encode("2026-11-01T04:00:00Z"),
                                                viewerKey)))
                .containsExactly("sla-resolved", "budget-owner");
        assertThat(alertIds(api().get("/v1/alerts?serviceId=nobody", viewerKey))).isEmpty();
        Answer paged = api().get("/v1/alerts?size=3&page=1", viewerKey);
        assertThat(paged.body().get("totalItems").getLongValue()).isEqualTo(4);
        assertThat(alertIds(paged)).containsExactly("sla-firing");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static List<String> ids(Answer answer) {
        List<String> ids = new ArrayList<>();
        answer.body()
                .get("items")
                .values()
                .forEach(n -> ids.add(n.get("recommendationId").getStringValue()));
        return ids;
    }

    private static List<String> alertIds(Answer answer) {
        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        answer.body()
                .get("items")
                .values()
                .forEach(n -> ids.add(n.get("alertId").getStringValue()));
        return ids;
    }

    private void setUpOnce() throws SQLException {
        if (viewerKey != null) {
            return;
        }
        viewerKey = api().createKey(adminKey, "VIEWER");
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            ResultFixtures.insertRecommendation(
                    c,
                    "checkout/rightsize",
                    "checkout",
                    "RIGHTSIZE",
                    "OPEN",
                    "m6i.2xlarge",
                    4,
                    "m6i.large",
                    null,
                    null,
                    "840.96");
            ResultFixtures.insertRecommendation(
                    c,
                    "checkout/idle",
                    "checkout",
                    "IDLE",
                    "WITHDRAWN",
                    "m6i.2xlarge",
                    4,
                    null,
                    0,
                    null,
                    "1121.28");
            ResultFixtures.insertRecommendation(
                    c,
                    "search/scale_in",
                    "search",
                    "SCALE_IN",
                    "OPEN",
                    "c6i.xlarge",
                    6,
                    null,
                    4,
                    null,
                    "248.2");
            s.executeUpdate(
                    """
                    INSERT INTO sla_alert VALUES
                      ('sla-firing', 'checkout', 'AVAILABILITY', 'FIRING', 'PAGE', 3600, 300,
                       15.0, 16.0, 0.4, '2026-11-01T01:00:00Z', '2026-11-01T01:00:01Z'),
                      ('sla-resolved', 'checkout', 'AVAILABILITY', 'RESOLVED', 'PAGE', 3600, 300,
                       15.0, 0.5, 0.3, '2026-11-01T03:00:00Z', '2026-11-01T03:00:01Z')
                    """);
            s.executeUpdate(
                    """
                    INSERT INTO budget_alert VALUES
                      ('budget-owner', 'OWNER', 'team-payments', 'ACTUAL', '2026-11', 80, 'USD',
                       10000, 8100, 0, NULL, NULL, NULL, 'team-payments spent 81 %',
                       '2026-11-01T02:00:00Z', '2026-11-01T02:00:01Z'),
                      ('budget-forecast', 'SERVICE', 'checkout', 'FORECAST', '2026-11', 100,
                       'USD', 5000, 1000, 0, 5200, NULL, NULL, 'checkout forecast 5200',
                       '2026-11-01T05:00:00Z', '2026-11-01T05:00:01Z')
                    """);
        }
    }

    private ApiTestClient api() {
        return new ApiTestClient(client, json);
    }
}

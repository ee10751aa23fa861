package io.costflow.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.costflow.api.ApiTestClient;
import io.costflow.api.ApiTestClient.Answer;
import io.costflow.api.ResultFixtures;
import io.costflow.infra.junit.SharedInfrastructure;
import io.costflow.infra.junit.TestDatabase;
import io.costflow.infra.junit.TestTopics;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every endpoint with no key, an unknown key and a key of each role: the exact status. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationMatrixTest implements TestPropertyProvider {

    /** Who calls. */
    enum Caller {
        NO_KEY,
        WRONG_KEY,
        VIEWER,
        OPERATOR,
        ADMIN
    }

    private static final String CONFIG =
            """
            {"owner": "team-payments", "availabilityTarget": 0.999, "latencyThresholdMs": 250,
             "latencyTarget": 0.99, "monthlyBudget": "100", "currency": "USD",
             "budgetTimeZone": "UTC", "instanceType": "m5.large", "replicas": 2}
            """;

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

    /** One endpoint and the status each caller gets; the request is built per call. */
    private record Endpoint(
            String name,
            Function<AuthorizationMatrixTest, MutableHttpRequest<?>> request,
            int noKey,
            int wrongKey,
            int viewer,
            int operator,
            int admin) {

        /** The least role the endpoint admits, as a 403's detail names it. */
        Role required() {
            return viewer < 400 ? Role.VIEWER : operator < 400 ? Role.OPERATOR : Role.ADMIN;
        }

        int expected(Caller caller) {
            return switch (caller) {
                case NO_KEY -> noKey;
                case WRONG_KEY -> wrongKey;
                case VIEWER -> viewer;
                case OPERATOR -> operator;
                case ADMIN -> admin;
            };
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static List<Endpoint> endpoints() {
        return List.of(
                new Endpoint(
                        "GET /v1/services/{id}/costs",
                        t ->
                                HttpRequest.GET(
                                        "/v1/services/checkout/costs"
                                                + "?from=2025-03-01T00:00:00Z"
                                                + "&to=2025-03-02T00:00:00Z"),
                        401,
                        401,
                        200,
                        200,
                        200),
                new Endpoint(
                        "GET /v1/services",
                        t -> HttpRequest.GET("/v1/services"),
                        401,
                        401,
                        200,
                        200,
                        200),
                new Endpoint(
                        "GET /v1/services/{id}",
                        t -> HttpRequest.GET("/v1/services/checkout"),
                        401,
                        401,
                        200,
                        200,
                        200),
                new Endpoint(
                        "PUT /v1/services/{id}",
                        t ->
                                HttpRequest.PUT("/v1/services/checkout", CONFIG)
                                        .contentType(MediaType.APPLICATION_JSON_TYPE),
                        401,
                        401,
                        403,
                        403,
                        200),
                new Endpoint(
                        "POST /v1/api-keys",
                        t ->
                                HttpRequest.POST(
                                        "/v1/api-keys",
                                        Map.of("role", "VIEWER", "description", "matrix")),
                        401,
                        401,
                        403,
                        403,
                        201),
                new Endpoint(
                        "DELETE /v1/api-keys/{id}",
                        t -> HttpRequest.DELETE("/v1/api-keys/" + t.newKeyId()),
                        401,
                        401,
                        403,
                        403,
                        204),
                new Endpoint(
                        "GET /v1/costs/totals",
                        t ->
                                HttpRequest.GET(
                                        "/v1/costs/totals?groupBy=OWNER"
                                                + "&from=2025-03-01T00:00:00Z"
                                                + "&to=2025-03-02T00:00:00Z"),
                        401,
                        401,
                        200,
                        200,
                        200),
                new Endpoint(
                        "GET /v1/metrics/services",
                        t -> HttpRequest.GET("/v1/metrics/services"),
                        401,
                        401,
                        200,
                        200,
                        200),
                new Endpoint(
                        "GET /v1/metrics/query",
                        t ->
                                HttpRequest.GET(
                                        "/v1/metrics/query?serviceId=checkout"
                                                + "&from=2025-03-01T00:00:00Z"
                                                + "&to=2025-03-02T00:00:00Z"),
                        401,
                        401,
                        200,
                        200,
                        200),
                new Endpoint(
                        "GET /v1/metrics/{id}/health",
                        t -> HttpRequest.GET("/v1/metrics/checkout/health"),
                        401,
                        401,
                        200,
                        200,
                        200),
                new Endpoint(
                        "GET /health", t -> HttpRequest.GET("/health"), 200, 200, 200, 200, 200),
                // Operational endpoints are deliberately open: probes and scrapers have no key.
                new Endpoint(
                        "GET /health/readiness",
                        t -> HttpRequest.GET("/health/readiness"),
                        200,
                        200,
                        200,
                        200,
                        200),
                new Endpoint(
                        "GET /health/liveness",
                        t -> HttpRequest.GET("/health/liveness"),
                        200,
                        200,
                        200,
                        200,
                        200),
                new Endpoint(
                        "GET /prometheus",
                        t -> HttpRequest.GET("/prometheus"),
                        200,
                        200,
                        200,
                        200,
                        200),
                new Endpoint(
                        "GET /swagger/costflow-query-api.yml",
                        t -> HttpRequest.GET("/swagger/costflow-query-api.yml"),
                        200,
                        200,
                        200,
                        200,
                        200),
                new Endpoint(
                        "GET /swagger-ui/index.html",
                        t -> HttpRequest.GET("/swagger-ui/index.html"),
                        200,
                        200,
                        200,
                        200,
                        200),
                new Endpoint(
                        "POST /v1/simulate",
                        t -> json("/v1/simulate", "{\"serviceId\": \"matrix\", \"replicas\": 2}"),
                        401,
                        401,
                        403,
                        200,
                        200),
                new Endpoint(
                        "POST /v1/simulate/batch",
                        t ->
                                json(
                                        "/v1/simulate/batch",
                                        "{\"scenarios\": [{\"serviceId\": \"matrix\"}]}"),
                        401,
                        401,
                        403,
                        200,
                        200),
                new Endpoint(
                        "GET /v1/simulate/templates",
                        t -> HttpRequest.GET("/v1/simulate/templates"),
                        401,
                        401,
                        403,
                        200,
                        200),
                new Endpoint(
                        "GET /v1/recommendations",
                        t -> HttpRequest.GET("/v1/recommendations?serviceId=matrix"),
                        401,
                        401,
                        200,
                        200,
                        200),
                new Endpoint(
                        "GET /v1/recommendations/{id}",
                        t -> HttpRequest.GET("/v1/recommendations/matrix/rightsize"),
                        401,
                        401,
                        200,
                        200,
                        200),
                new Endpoint(
                        "POST /v1/recommend",
                        t -> json("/v1/recommend", "{\"serviceId\": \"matrix\"}"),
                        401,
                        401,
                        403,
                        200,
                        200),
                new Endpoint(
                        "GET /v1/alerts",
                        t -> HttpRequest.GET("/v1/alerts?kind=sla"),
                        401,
                        401,
                        200,
                        200,
                        200),
                new Endpoint(
                        "POST /v1/config/apply",
                        t ->
                                json(
                                        "/v1/config/apply",
                                        "{\"recommendationId\": \""
                                                + t.newRecommendation()
                                                + "\"}"),
                        401,
                        401,
                        403,
                        201,
                        201),
                new Endpoint(
                        "POST /v1/config/rollback/{serviceId}/{recommendationId}",
                        t -> json(t.newAppliedRecommendationRollback(), ""),
                        401,
                        401,
                        403,
                        201,
                        201),
                new Endpoint(
                        "GET /v1/config/history/{serviceId}",
                        t -> HttpRequest.GET("/v1/config/history/matrix"),
                        401,
                        401,
                        200,
                        200,
                        200),
                new Endpoint(
                        "GET /v1/no-such-endpoint",
                        t -> HttpRequest.GET("/v1/no-such-endpoint"),
                        401,
                        401,
                        404,
                        404,
                        404));
    }

    static Stream<Arguments> matrix() {
        List<Arguments> cases = new ArrayList<>();
        for (Endpoint endpoint : endpoints()) {
            for (Caller caller : Caller.values()) {
                cases.add(Arguments.of(endpoint, caller, endpoint.expected(caller)));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} as {1} -> {2}")
    @MethodSource("matrix")
    void shouldAnswerExactStatusWhenCallerHasRole(Endpoint endpoint, Caller caller, int expected)
            throws SQLException {
        setUpOnce();

        Answer answer = api().send(endpoint.request().apply(this), key(caller));

        assertThat(answer.status()).as(answer.raw()).isEqualTo(expected);
        if (expected >= 400) {
            assertThat(answer.contentType()).isEqualTo(ApiTestClient.PROBLEM_JSON);
            assertThat(answer.body().get("status").getIntValue()).isEqualTo(expected);
        }
        if (expected == 401) {
            assertThat(answer.text("type")).isEqualTo("urn:costflow:problem:unauthorized");
            assertThat(answer.wwwAuthenticate()).startsWith("Bearer");
        }
        if (expected == 403) {
            assertThat(answer.text("type")).isEqualTo("urn:costflow:problem:forbidden");
            assertThat(answer.text("detail"))
                    .contains("has role " + caller, "needs role " + endpoint.required());
        }
    }

    @Test
    void shouldReturn401WhenKeyIsRevoked() throws SQLException {
        setUpOnce();
        Answer created =
                api().send(
                                HttpRequest.POST(
                                        "/v1/api-keys",
                                        Map.of("role", "ADMIN", "description", "to revoke")),
                                adminKey);
        String key = created.text("key");
        assertThat(api().get("/v1/services", key).status()).isEqualTo(200);

        Answer revoked =
                api().send(HttpRequest.DELETE("/v1/api-keys/" + created.text("id")), adminKey);

        assertThat(revoked.status()).isEqualTo(204);
        Answer answer = api().get("/v1/services", key);
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.text("detail")).contains("unknown or has been revoked");
    }

    @Test
    void shouldReturn401WhenSchemeIsNotBearer() throws SQLException {
        setUpOnce();
        MutableHttpRequest<?> request =
                HttpRequest.GET("/v1/services").header("Authorization", "Basic " + viewerKey);

        Answer answer = api().send(request, null);

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.text("detail")).contains("Authorization: Bearer");
    }

    @Test
    void shouldReturn401WhenKeyIsAnSqlInjection() throws SQLException {
        setUpOnce();

        Answer answer = api().get("/v1/services", "x' OR '1'='1");

        assertThat(answer.status()).isEqualTo(401);
    }

    @Test
    void shouldShowNewKeyOnlyOnceAndNeverItsHashWhenAdminCreatesKey() throws SQLException {
        setUpOnce();

        Answer created =
                api().send(
                                HttpRequest.POST(
                                        "/v1/api-keys",
                                        Map.of("role", "OPERATOR", "description", "ci")),
                                adminKey);

        assertThat(created.status()).isEqualTo(201);
        String key = created.text("key");
        assertThat(key).startsWith("cfk_").hasSizeGreaterThanOrEqualTo(40);
        assertThat(created.text("prefix")).hasSizeLessThan(12);
        assertThat(key).startsWith(created.text("prefix").replace("…", ""));
        assertThat(created.text("role")).isEqualTo("OPERATOR");
        assertThat(api().get("/v1/services", key).status()).isEqualTo(200);
    }

    @Test
    void shouldReturn400ProblemWhenNewKeyHasUnknownRole() throws SQLException {
        setUpOnce();

        Answer answer =
                api().send(
                                HttpRequest.POST(
                                        "/v1/api-keys",
                                        Map.of("role", "ROOT", "description", "nope")),
                                adminKey);

        assertThat(answer.status()).as(answer.raw()).isEqualTo(400);
        assertThat(answer.contentType()).isEqualTo(ApiTestClient.PROBLEM_JSON);
    }

    private String key(Caller caller) {
        return switch (caller) {
            case NO_KEY -> null;
            case WRONG_KEY -> "cfk_" + "A".repeat(43);
            case VIEWER -> viewerKey;
            case OPERATOR -> operatorKey;
            case ADMIN -> adminKey;
        };
    }

    /** A key that exists, for the DELETE endpoint to revoke. */
    private String newKeyId() {
        return api().send(
                        HttpRequest.POST(
                                "/v1/api-keys", Map.of("role", "VIEWER", "description", "x")),
                        adminKey)
                .text("id");
    }

    private static MutableHttpRequest<?> json(String uri, String body) {
        return HttpRequest.POST(uri, body).contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    /** A fresh service on 4 × m6i.2xlarge with an OPEN rightsizing recommendation; its id. */
    private String newRecommendation() {
        String serviceId = "svc-" + UUID.randomUUID();
        Answer put =
                api().send(
                                HttpRequest.PUT(
                                                "/v1/services/" + serviceId,
                                                ResultFixtures.config("m6i.2xlarge", 4))
                                        .contentType(MediaType.APPLICATION_JSON_TYPE),
                                adminKey);
        assertThat(put.status()).as(put.raw()).isEqualTo(201);
        String recommendationId = serviceId + "/rightsize";
        try (Connection c = db.connect()) {
            ResultFixtures.insertRecommendation(
                    c,
                    recommendationId,
                    serviceId,
                    "RIGHTSIZE",
                    "OPEN",
                    "m6i.2xlarge",
                    4,
                    "m6i.large",
                    null,
                    null,
                    "840.96");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return recommendationId;
    }

    /** A recommendation applied by the admin; the path that rolls it back. */
    private String newAppliedRecommendationRollback() {
        String recommendationId = newRecommendation();
        Answer applied =
                api().send(
                                json(
                                        "/v1/config/apply",
                                        "{\"recommendationId\": \"" + recommendationId + "\"}"),
                                adminKey);
        assertThat(applied.status()).as(applied.raw()).isEqualTo(201);
        return "/v1/config/rollback/"
                + recommendationId.substring(0, recommendationId.indexOf('/'))
                + "/"
                + recommendationId;
    }

    private void setUpOnce() throws SQLException {
        if (viewerKey != null) {
            return;
        }
        viewerKey = api().createKey(adminKey, "VIEWER");
        operatorKey = api().createKey(adminKey, "OPERATOR");
        Answer put =
                api().send(
                                HttpRequest.PUT("/v1/services/checkout", CONFIG)
                                        .contentType(MediaType.APPLICATION_JSON_TYPE),
                                adminKey);
        assertThat(put.status()).as(put.raw()).isEqualTo(201);
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            s.executeUpdate(
                    "INSERT INTO cost_window (service_id, window_start, window_end, status,"
                            + " revision, currency, billed_cost, effective_cost,"
                            + " provisional_cost, request_count, error_count, resource_count,"
                            + " updated_at) VALUES ('checkout', '2025-03-01T10:00:00Z',"
                            + " '2025-03-01T11:00:00Z', 'BILLED', 1, 'USD', 1, 1, 0, 10, 0, 1,"
                            + " '2025-03-02T00:00:00Z')");
        }
        Answer matrix =
                api().send(
                                HttpRequest.PUT(
                                                "/v1/services/matrix",
                                                ResultFixtures.config("m6i.2xlarge", 4))
                                        .contentType(MediaType.APPLICATION_JSON_TYPE),
                                adminKey);
        assertThat(matrix.status()).as(matrix.raw()).isEqualTo(201);
        try (Connection c = db.connect()) {
            ResultFixtures.insertBusyWindows(c, "matrix", 24, 200, 0.15);
            ResultFixtures.insertRecommendation(
                    c,
                    "matrix/rightsize",
                    "matrix",
                    "RIGHTSIZE",
                    "OPEN",
                    "m6i.2xlarge",
                    4,
                    "m6i.large",
                    null,
                    null,
                    "840.96");
        }
    }

    private ApiTestClient api() {
        return new ApiTestClient(client, json);
    }
}

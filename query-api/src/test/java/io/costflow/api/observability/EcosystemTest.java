package io.costflow.api.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.costflow.api.ApiTestClient;
import io.costflow.api.ApiTestClient.Answer;
import io.costflow.infra.junit.SharedInfrastructure;
import io.costflow.infra.junit.TestDatabase;
import io.costflow.infra.junit.TestTopics;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The public operational endpoints against a real PostgreSQL and Kafka broker: health, Prometheus,
 * the OpenAPI document and its UI; and request ids on every answer.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EcosystemTest implements TestPropertyProvider {

    private final TestDatabase db = SharedInfrastructure.get().newDatabase();
    private final TestTopics topics = SharedInfrastructure.get().newTopics();
    private final String topic = topics.create("service-config", 1);
    private final String adminKey = ApiTestClient.randomAdminKey();

    @Inject
    @Client("/")
    HttpClient client;

    @Inject JsonMapper json;

    @Override
    public Map<String, String> getProperties() {
        return ApiTestClient.properties(db, adminKey, topics.bootstrapServers(), topic);
    }

    @Test
    void shouldBeReadyWithPostgresAndKafkaUpWhenAskedWithoutKey() {
        Answer readiness = api().get("/health/readiness", null);
        Answer liveness = api().get("/health/liveness", null);

        assertThat(readiness.status()).as(readiness.raw()).isEqualTo(200);
        assertThat(readiness.text("status")).isEqualTo("UP");
        assertThat(liveness.status()).isEqualTo(200);
        assertThat(liveness.text("status")).isEqualTo("UP");
    }

    @Test
    void shouldShowHealthDetailsOnlyToACallerWithAValidKey() {
        String viewer = api().createKey(adminKey, "VIEWER");

        Answer anonymous = api().get("/health/readiness", null);
        Answer unknownKey = api().get("/health/readiness", ApiTestClient.randomAdminKey());
        Answer withKey = api().get("/health/readiness", viewer);

        assertThat(anonymous.body().get("details")).as(anonymous.raw()).isNull();
        // An unknown key on an open endpoint is ignored, not refused: a probe never fails on it.
        assertThat(unknownKey.status()).isEqualTo(200);
        assertThat(unknownKey.body().get("details")).as(unknownKey.raw()).isNull();
        assertThat(withKey.status()).isEqualTo(200);
        assertThat(withKey.body().get("details").get("kafka").get("status").getStringValue())
                .isEqualTo("UP");
        assertThat(withKey.body().get("details").get("postgresql").get("status").getStringValue())
                .isEqualTo("UP");
    }

    @Test
    void shouldServeOpenApiDocumentNamingEveryEndpointWhenAskedWithoutKey() {
        HttpResponse<String> document = raw("/swagger/costflow-query-api.yml");

        assertThat(document.code()).isEqualTo(200);
        assertThat(document.body())
                .contains(
                        "openapi: 3",
                        "/v1/services/{serviceId}/costs:",
                        "/v1/costs/totals:",
                        "/v1/metrics/services:",
                        "/v1/metrics/query:",
                        "/v1/metrics/{serviceId}/health:",
                        "/v1/services/{serviceId}:",
                        "scheme: bearer");
    }

    @Test
    void shouldServeSwaggerUiWhenAskedWithoutKey() {
        HttpResponse<String> ui = raw("/swagger-ui/index.html");

        assertThat(ui.code()).isEqualTo(200);
        assertThat(ui.body()).contains("swagger-ui", "costflow-query-api.yml");
    }

    @Test
    void shouldExportRequestRateErrorsAndLatencyPercentilesPerEndpointWhenScraped() {
        String viewer = api().createKey(adminKey, "VIEWER");
        assertThat(api().get("/v1/services", viewer).status()).isEqualTo(200);
        assertThat(api().get("/v1/services?size=0", viewer).status()).isEqualTo(400);
        assertThat(api().get("/v1/services/nobody", viewer).status()).isEqualTo(404);
        // Refused by the API key filter, before any controller.
        assertThat(raw("/v1/services").code()).isEqualTo(401);
        // An invented method is counted as OTHER, not as a timer of its own.
        assertThat(exchange(HttpRequest.create(HttpMethod.CUSTOM, "/v1/services", "BREW")).code())
                .isEqualTo(401);
        assertThat(
                        api().postJson("/v1/recommend", "{\"serviceId\": \"checkout\"}", viewer)
                                .status())
                .isEqualTo(403);

        HttpResponse<String> scrape = raw("/prometheus");

        assertThat(scrape.code()).isEqualTo(200);
        assertThat(scrape.body())
                .contains(
                        "http_server_requests_seconds_count{",
                        "uri=\"/v1/services\"",
                        "status=\"400\"",
                        "status=\"404\"",
                        "# TYPE http_server_requests_seconds histogram",
                        "http_server_requests_seconds_bucket{");
        assertThat(scrape.body())
                .containsPattern(
                        "http_server_requests_seconds_bucket\\{[^}]*status=\"200\""
                                + "[^}]*uri=\"/v1/services\"[^}]*le=\"\\+Inf\"")
                .containsPattern(
                        "http_server_requests_seconds_count\\{[^}]*method=\"GET\""
                                + ",status=\"401\",uri=\"/v1/services\"} [1-9]")
                .containsPattern(
                        "http_server_requests_seconds_count\\{[^}]*method=\"POST\""
                                + ",status=\"403\",uri=\"/v1/recommend\"} [1-9]")
                .containsPattern(
                        "http_server_requests_seconds_count\\{[^}]*method=\"OTHER\""
                                + ",status=\"401\",uri=\"UNMATCHED_URI\"} [1-9]")
                .doesNotContain("BREW");
    }

    @Test
    void shouldEchoCallersRequestIdWhenItIsWellFormed() {
        HttpResponse<String> answer =
                exchange(HttpRequest.GET("/health").header("X-Request-Id", "trace-42.a_b"));

        assertThat(answer.header("X-Request-Id")).isEqualTo("trace-42.a_b");
    }

    @Test
    void shouldGenerateRequestIdWhenMissingOrMalformedEvenOnAProblem() {
        HttpResponse<String> missing = exchange(HttpRequest.GET("/v1/services"));
        HttpResponse<String> malformed =
                exchange(
                        HttpRequest.GET("/v1/services")
                                .header("X-Request-Id", "<script>alert(1)</script>"));

        assertThat(missing.code()).isEqualTo(401);
        assertThat(missing.header("X-Request-Id")).matches("[0-9a-f-]{36}");
        assertThat(malformed.header("X-Request-Id"))
                .matches("[0-9a-f-]{36}")
                .isNotEqualTo(missing.header("X-Request-Id"));
        assertThat(requestIdInBody(missing)).isEqualTo(missing.header("X-Request-Id"));
        assertThat(requestIdInBody(malformed)).isEqualTo(malformed.header("X-Request-Id"));
    }

    @Test
    void shouldQuoteCallersRequestIdInAProblemBody() {
        HttpResponse<String> notFound =
                exchange(
                        HttpRequest.GET("/v1/services/no-such-service")
                                .bearerAuth(adminKey)
                                .header("X-Request-Id", "trace-7"));

        assertThat(notFound.code()).isEqualTo(404);
        assertThat(notFound.getContentType().map(Object::toString))
                .contains("application/problem+json");
        assertThat(requestIdInBody(notFound)).isEqualTo("trace-7");
    }

    private String requestIdInBody(HttpResponse<String> answer) {
        try {
            return String.valueOf(
                    json.readValue(answer.body(), Argument.mapOf(String.class, Object.class))
                            .get("requestId"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpResponse<String> raw(String uri) {
        return exchange(HttpRequest.GET(uri));
    }

    private HttpResponse<String> exchange(HttpRequest<?> request) {
        try {
            return client.toBlocking()
                    .exchange(request, Argument.of(String.class), Argument.of(String.class));
        } catch (HttpClientResponseException e) {
            @SuppressWarnings("unchecked")
            HttpResponse<String> failed = (HttpResponse<String>) e.getResponse();
            return failed;
        }
    }

    private ApiTestClient api() {
        return new ApiTestClient(client, json);
    }
}

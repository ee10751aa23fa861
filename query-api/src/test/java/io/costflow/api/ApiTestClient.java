package io.costflow.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.costflow.infra.junit.TestDatabase;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * Sends requests to the API under test with an API key and reads any answer, success or problem, as
 * status, content type and JSON body.
 */
public final class ApiTestClient {

    public static final String PROBLEM_JSON = "application/problem+json";

    private final HttpClient client;
    private final JsonMapper json;

    public ApiTestClient(HttpClient client, JsonMapper json) {
        this.client = client;
        this.json = json;
    }

    /** Points the API under test at {@code db}, with {@code adminKey} as its first admin key. */
    public static Map<String, String> properties(TestDatabase db, String adminKey) {
        return Map.of(
                "datasources.default.url", db.jdbcUrl(),
                "datasources.default.username", db.user(),
                "datasources.default.password", db.password(),
                "costflow.api.bootstrap-admin-key", adminKey,
                // The tests' expected prices are the catalog's us-east-1 prices.
                "costflow.api.simulation.region", "us-east-1");
    }

    /** The same, with the Kafka broker and service-config topic PUTs publish to. */
    public static Map<String, String> properties(
            TestDatabase db, String adminKey, String bootstrapServers, String serviceConfigTopic) {
        Map<String, String> properties = new HashMap<>(properties(db, adminKey));
        properties.put("costflow.kafka.bootstrap-servers", bootstrapServers);
        properties.put("costflow.api.service-config-topic", serviceConfigTopic);
        return properties;
    }

    /** A fresh random admin key for {@code costflow.api.bootstrap-admin-key}. */
    public static String randomAdminKey() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return "test_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** An answer of the API. */
    public record Answer(
            int status, String contentType, String wwwAuthenticate, String raw, JsonNode body) {
        public String text(String field) {
            return body.get(field).getStringValue();
        }
    }

    /** Creates a key with {@code role} through the API, authenticated as {@code adminKey}. */
    public String createKey(String adminKey, String role) {
        Answer answer =
                send(
                        HttpRequest.POST(
                                "/v1/api-keys", Map.of("role", role, "description", "test")),
                        adminKey);
        assertThat(answer.status()).as(answer.raw()).isEqualTo(201);
        return answer.text("key");
    }

    /** Sends the request with {@code key} as bearer token (none when null). */
    public Answer send(MutableHttpRequest<?> request, String key) {
        if (key != null) {
            request.header(HttpHeaders.AUTHORIZATION, "Bearer " + key);
        }
        HttpResponse<String> response;
        try {
            response =
                    client.toBlocking()
                            .exchange(
                                    request, Argument.of(String.class), Argument.of(String.class));
        } catch (HttpClientResponseException e) {
            @SuppressWarnings("unchecked")
            HttpResponse<String> failed = (HttpResponse<String>) e.getResponse();
            response = failed;
        }
        String raw = response.getBody(String.class).orElse(null);
        String contentType = response.getContentType().map(MediaType::toString).orElse(null);
        // Prometheus text, YAML and HTML answers stay raw.
        boolean json = contentType == null || contentType.contains("json");
        return new Answer(
                response.code(),
                contentType,
                response.getHeaders().get(HttpHeaders.WWW_AUTHENTICATE),
                raw,
                raw == null || raw.isEmpty() || !json ? null : parse(raw));
    }

    public Answer get(String uri, String key) {
        return send(HttpRequest.GET(uri), key);
    }

    /** PUTs a raw JSON body. */
    public Answer putJson(String uri, String body, String key) {
        return send(HttpRequest.PUT(uri, body).contentType(MediaType.APPLICATION_JSON_TYPE), key);
    }

    /** POSTs a raw JSON body. */
    public Answer postJson(String uri, String body, String key) {
        return send(HttpRequest.POST(uri, body).contentType(MediaType.APPLICATION_JSON_TYPE), key);
    }

    private JsonNode parse(String raw) {
        try {
            return json.readValue(raw, JsonNode.class);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + raw, e);
        }
    }
}

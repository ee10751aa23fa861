package io.costflow.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.costflow.api.ApiTestClient;
import io.costflow.api.ApiTestClient.Answer;
import io.costflow.infra.junit.SharedInfrastructure;
import io.costflow.infra.junit.TestDatabase;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** A key that sends faster than its limit gets 429; other keys do not notice. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RateLimitTest implements TestPropertyProvider {

    private static final int BURST = 5;

    private final TestDatabase db = SharedInfrastructure.get().newDatabase();
    private final String adminKey = ApiTestClient.randomAdminKey();

    @Inject
    @Client("/")
    HttpClient client;

    @Inject JsonMapper json;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(ApiTestClient.properties(db, adminKey));
        // One request per 100 s after the burst: the test cannot earn a token back by being slow.
        properties.put("costflow.api.rate-limit.requests-per-second", "0.01");
        properties.put("costflow.api.rate-limit.burst", Integer.toString(BURST));
        return properties;
    }

    @Test
    void shouldAnswer429WithRetryAfterWhenKeyExceedsItsBurst() {
        ApiTestClient api = new ApiTestClient(client, json);
        // Creating the two keys spends two of the admin key's tokens.
        String limited = api.createKey(adminKey, "VIEWER");
        String other = api.createKey(adminKey, "VIEWER");

        for (int i = 0; i < BURST; i++) {
            assertThat(api.get("/v1/services", limited).status()).isEqualTo(200);
        }
        HttpResponse<String> refused = exchange(limited);

        assertThat(refused.code()).isEqualTo(429);
        assertThat(refused.getContentType().orElseThrow().toString())
                .isEqualTo(ApiTestClient.PROBLEM_JSON);
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 100L);
        assertThat(refused.body())
                .contains("urn:costflow:problem:rate-limited", "\"status\":429", "retry in");
        assertThat(api.get("/v1/services", other).status()).isEqualTo(200);
        Answer unauthenticated = api.get("/v1/services", null);
        assertThat(unauthenticated.status()).isEqualTo(401);
        // Counted with every other response, though no controller saw it.
        assertThat(api.get("/prometheus", null).raw())
                .containsPattern(
                        "http_server_requests_seconds_count\\{[^}]*method=\"GET\""
                                + ",status=\"429\",uri=\"/v1/services\"} 1");
    }

    private HttpResponse<String> exchange(String key) {
        try {
            return client.toBlocking()
                    .exchange(
                            HttpRequest.GET("/v1/services").bearerAuth(key),
                            Argument.of(String.class),
                            Argument.of(String.class));
        } catch (HttpClientResponseException e) {
            @SuppressWarnings("unchecked")
            HttpResponse<String> failed = (HttpResponse<String>) e.getResponse();
            return failed;
        }
    }
}

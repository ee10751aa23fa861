package io.costflow.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.costflow.api.ApiTestClient;
import io.costflow.api.ApiTestClient.Answer;
import io.costflow.infra.junit.SharedInfrastructure;
import io.costflow.infra.junit.TestDatabase;
import io.costflow.infra.junit.TestTopics;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A key sent to /health when it cannot be looked up: the answer is the anonymous one, not an error,
 * so a probe that carries a key still gets its status while PostgreSQL fails (after the pool's
 * connection timeout, when PostgreSQL does not answer at all).
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenEndpointKeyTest implements TestPropertyProvider {

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
    void shouldAnswerAnOpenEndpointAnonymouslyWhenTheKeyCannotBeLookedUp() throws Exception {
        ApiTestClient api = new ApiTestClient(client, json);
        String unseen = ApiTestClient.randomAdminKey();
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            // A real failure of the key look-up: its table is gone.
            s.execute("ALTER TABLE api_key RENAME TO api_key_elsewhere");
        }

        Answer liveness = api.get("/health/liveness", unseen);
        Answer protectedRoute = api.get("/v1/services", unseen);

        assertThat(liveness.status()).as(liveness.raw()).isEqualTo(200);
        assertThat(liveness.text("status")).isEqualTo("UP");
        assertThat(liveness.body().get("details")).isNull();
        // Where a key is required, the failure still shows.
        assertThat(protectedRoute.status()).as(protectedRoute.raw()).isEqualTo(500);
    }
}

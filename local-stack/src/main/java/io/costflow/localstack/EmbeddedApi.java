package io.costflow.localstack;

import io.costflow.api.QueryApiApplication;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.server.EmbeddedServer;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/** The query API (Micronaut) started in this process against a given PostgreSQL. */
public final class EmbeddedApi implements AutoCloseable {

    private final ApplicationContext context;
    private final String url;
    private final String adminKey;

    private EmbeddedApi(ApplicationContext context, String adminKey) {
        this.context = context;
        this.url = context.getBean(EmbeddedServer.class).getURL().toString();
        this.adminKey = adminKey;
    }

    /** A new random admin key, 256 bits, base64url. */
    public static String newAdminKey() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return "cfk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * Starts the API on {@code port} (0 = any free port), accepting {@code adminKey} as an admin
     * API key and publishing service configs to the Kafka at {@code kafkaBootstrapServers}.
     */
    public static EmbeddedApi start(
            String jdbcUrl,
            String user,
            String password,
            String kafkaBootstrapServers,
            String adminKey,
            int port) {
        return start(jdbcUrl, user, password, kafkaBootstrapServers, adminKey, port, Map.of());
    }

    /** The same, with further API settings, e.g. {@code costflow.api.rate-limit.enabled}. */
    public static EmbeddedApi start(
            String jdbcUrl,
            String user,
            String password,
            String kafkaBootstrapServers,
            String adminKey,
            int port,
            Map<String, Object> settings) {
        // The demo's workload runs in the pipeline's default catalog region; the API's simulations
        // must price in the same one, or a simulation would disagree with a recommendation.
        Map<String, Object> properties = new HashMap<>();
        properties.put("costflow.api.simulation.region", "eu-west-1");
        properties.putAll(settings);
        properties.putAll(
                Map.of(
                        "datasources.default.url", jdbcUrl,
                        "datasources.default.username", user,
                        "datasources.default.password", password,
                        "costflow.kafka.bootstrap-servers", kafkaBootstrapServers,
                        "costflow.api.bootstrap-admin-key", adminKey,
                        "micronaut.server.port", port == 0 ? -1 : port));
        ApplicationContext context =
                Micronaut.build(new String[0])
                        .mainClass(QueryApiApplication.class)
                        .banner(false)
                        .properties(properties)
                        .start();
        return new EmbeddedApi(context, adminKey);
    }

    /** The admin key the API was started with; send it as {@code Authorization: Bearer <key>}. */
    public String adminKey() {
        return adminKey;
    }

    /** Base URL, e.g. {@code http://localhost:8080}. */
    public String url() {
        return url;
    }

    @Override
    public void close() {
        context.close();
    }
}

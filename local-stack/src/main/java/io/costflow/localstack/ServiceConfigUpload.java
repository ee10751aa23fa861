package io.costflow.localstack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.costflow.localstack.workload.DemoService;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Sends each demo service's config — owner, SLOs, monthly budget, instance type, replicas — through
 * the API's {@code PUT /v1/services/{id}} with the admin key: the real path, which stores it in
 * PostgreSQL and publishes it to the compacted service-config topic the pipeline reads. A PUT of an
 * unchanged config changes nothing, so a restarted demo sends them all again safely.
 */
final class ServiceConfigUpload {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String apiUrl;
    private final String adminKey;

    ServiceConfigUpload(String apiUrl, String adminKey) {
        this.apiUrl = apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
        this.adminKey = adminKey;
    }

    /**
     * PUTs every config; retries a 503 (Kafka not acknowledging yet) until {@code timeout}.
     *
     * @throws IllegalStateException if the API refuses a config or stays unavailable
     */
    void putAll(List<DemoService> services, Duration timeout) {
        for (DemoService service : services) {
            put(service, System.nanoTime() + timeout.toNanos());
        }
    }

    /** The request body for one service, as {@code ServiceConfigRequest} reads it. */
    static String body(DemoService service) {
        ObjectNode body = JSON.createObjectNode();
        body.put("owner", service.owner());
        body.put("availabilityTarget", service.availabilityTarget());
        body.put("latencyThresholdMs", service.latencyThresholdMs());
        body.put("latencyTarget", service.latencyTarget());
        if (service.monthlyBudget() != null) {
            // A string: no client should round money through a float.
            body.put("monthlyBudget", service.monthlyBudget().toPlainString());
        }
        body.put("currency", "USD");
        body.put("budgetTimeZone", "UTC");
        body.put("instanceType", service.instanceType());
        body.put("replicas", service.replicas());
        return body.toString();
    }

    private void put(DemoService service, long deadline) {
        HttpRequest request =
                HttpRequest.newBuilder(
                                URI.create(
                                        apiUrl
                                                + "/v1/services/"
                                                + URLEncoder.encode(
                                                        service.serviceId(),
                                                        StandardCharsets.UTF_8)))
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + adminKey)
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(body(service)))
                        .build();
        while (true) {
            HttpResponse<String> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new IllegalStateException(
                        "cannot send the config of " + service.serviceId() + " to " + apiUrl, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while sending service configs", e);
            }
            int status = response.statusCode();
            if (status == 200 || status == 201) {
                return;
            }
            if (status != 503 || System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "the API answered "
                                + status
                                + " to the config of "
                                + service.serviceId()
                                + ": "
                                + response.body());
            }
            pause();
        }
    }

    private static void pause() {
        try {
            // Kafka not acknowledging yet (just started): the PUT changed nothing, try again.
            java.util.concurrent.TimeUnit.MILLISECONDS.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending service configs", e);
        }
    }
}

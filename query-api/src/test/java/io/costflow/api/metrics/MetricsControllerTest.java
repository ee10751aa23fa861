package io.costflow.api.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.costflow.api.ApiTestClient;
import io.costflow.api.ApiTestClient.Answer;
import io.costflow.api.CostWindowRows;
import io.costflow.api.CostWindowRows.Window;
import io.costflow.infra.junit.SharedInfrastructure;
import io.costflow.infra.junit.TestDatabase;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsControllerTest implements TestPropertyProvider {

    private static final Instant T0 = Instant.parse("2025-03-01T00:00:00Z");
    private static final Duration HOUR = Duration.ofHours(1);
    private static final String RANGE = "&from=2025-03-01T00:00:00Z&to=2025-03-02T00:00:00Z";

    /** 100 requests per window: 90 within 10 ms, 8 within 100 ms, 2 within 500 ms. */
    private static final String LATENCY = "{\"boundsMs\":[10.0,100.0,500.0],\"counts\":[90,8,2,0]}";

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

    @BeforeAll
    void load() throws SQLException {
        CostWindowRows rows = new CostWindowRows(db);
        // checkout: 4 windows, 1 error in 400 requests (in the oldest), CPU p95 0.2 .. 0.8.
        rows.config("checkout", "team-payments", 0.99, 100, 0.95);
        for (int h = 0; h < 4; h++) {
            rows.insert(window("checkout", h, 100, h == 0 ? 1 : 0, 0.2 * (h + 1), LATENCY));
        }
        // An older window outside the health lookback (1 h before the newest) and the range.
        rows.insert(window("checkout", -30, 100, 100, 0.9, LATENCY));
        // payments: meets 99 % availability but has used 80 % of the budget -> AT_RISK.
        rows.config("payments", "team-payments", 0.99, 100, 0.95);
        rows.insert(window("payments", 0, 1000, 8, 0.5, LATENCY));
        // search: latency SLO 10 ms at 99 % -> only 90 % fast -> BREACHING.
        rows.config("search", "team-discovery", 0.999, 10, 0.99);
        rows.insert(window("search", 0, 100, 0, null, LATENCY));
        // legacy: windows but no config -> UNKNOWN; no telemetry at all.
        rows.insert(window("legacy", 0, 0, 0, null, null));
        // configured-only has a config and no windows.
        rows.config("configured-only", "team-x", 0.99, 100, 0.95);
    }

    @Test
    void shouldComputeErrorRatePercentilesAndSloComplianceWhenQueryingARange() {
        JsonNode body = ok("/v1/metrics/query?serviceId=checkout" + RANGE);

        JsonNode m = body.get("metrics");
        assertThat(m.get("windows").getIntValue()).isEqualTo(4);
        assertThat(m.get("requestCount").getLongValue()).isEqualTo(400);
        assertThat(m.get("errorCount").getLongValue()).isEqualTo(1);
        assertThat(m.get("errorRate").getDoubleValue()).isEqualTo(0.0025);
        // Nearest rank across windows' own p95 values 0.2, 0.4, 0.6, 0.8.
        assertThat(m.get("cpu").get("p50").getDoubleValue()).isCloseTo(0.2, within());
        assertThat(m.get("cpu").get("p95").getDoubleValue()).isCloseTo(0.8, within());
        assertThat(m.get("memory").isNull()).isTrue();
        // Merged histogram: 360 of 400 within 10 ms, 392 within 100 ms, all within 500 ms.
        assertThat(m.get("latencyMs").get("p50").getDoubleValue()).isEqualTo(10.0);
        assertThat(m.get("latencyMs").get("p95").getDoubleValue()).isEqualTo(100.0);
        assertThat(m.get("latencyMs").get("p99").getDoubleValue()).isEqualTo(500.0);
        JsonNode availability = m.get("slos").get(0);
        assertThat(availability.get("kind").getStringValue()).isEqualTo("AVAILABILITY");
        assertThat(availability.get("good").getLongValue()).isEqualTo(399);
        assertThat(availability.get("total").getLongValue()).isEqualTo(400);
        assertThat(availability.get("met").getBooleanValue()).isTrue();
        JsonNode latency = m.get("slos").get(1);
        assertThat(latency.get("kind").getStringValue()).isEqualTo("LATENCY");
        assertThat(latency.get("thresholdMs").getDoubleValue()).isEqualTo(100.0);
        assertThat(latency.get("good").getLongValue()).isEqualTo(392);
        assertThat(latency.get("compliance").getDoubleValue()).isEqualTo(0.98);
        assertThat(latency.get("met").getBooleanValue()).isTrue();
    }

    @Test
    void shouldReturnNoSlosAndNullPercentilesWhenServiceHasNoConfigOrTelemetry() {
        JsonNode m = ok("/v1/metrics/query?serviceId=legacy" + RANGE).get("metrics");

        assertThat(m.get("windows").getIntValue()).isEqualTo(1);
        assertThat(m.get("errorRate").isNull()).isTrue();
        assertThat(m.get("latencyMs").isNull()).isTrue();
        assertThat(m.get("cpu").isNull()).isTrue();
        assertThat(m.get("slos").size()).isZero();
    }

    @Test
    void shouldJudgeHealthFromNewestWindowsWhenServiceIsHealthy() {
        JsonNode body = ok("/v1/metrics/checkout/health");

        assertThat(body.get("status").getStringValue()).isEqualTo("OK");
        assertThat(body.get("reasons").size()).isZero();
        // 1 h lookback before the newest window start: only the 03:00 window, 98 % fast against
        // a 95 % target (40 % of the budget used).
        assertThat(body.get("from").getStringValue()).isEqualTo("2025-03-01T03:00:00Z");
        assertThat(body.get("metrics").get("windows").getIntValue()).isEqualTo(1);
    }

    @Test
    void shouldSayAtRiskWithReasonWhenMostOfTheErrorBudgetIsUsed() {
        JsonNode body = ok("/v1/metrics/payments/health");

        assertThat(body.get("status").getStringValue()).isEqualTo("AT_RISK");
        assertThat(body.get("reasons").get(0).getStringValue())
                .contains("AVAILABILITY", "99.2000%", "target 99.0000%", "80% of error budget");
    }

    @Test
    void shouldSayBreachingWithReasonWhenAnSloIsMissed() {
        JsonNode body = ok("/v1/metrics/search/health");

        assertThat(body.get("status").getStringValue()).isEqualTo("BREACHING");
        assertThat(body.get("reasons").get(0).getStringValue())
                .contains("LATENCY", "90.0000%", "target 99.0000%");
    }

    @Test
    void shouldSayUnknownWhenServiceHasNoConfigOrNoWindows() {
        assertThat(ok("/v1/metrics/legacy/health").get("status").getStringValue())
                .isEqualTo("UNKNOWN");
        JsonNode noWindows = ok("/v1/metrics/configured-only/health");
        assertThat(noWindows.get("status").getStringValue()).isEqualTo("UNKNOWN");
        assertThat(noWindows.get("from").isNull()).isTrue();
    }

    @Test
    void shouldListServicesWithTheirNewestWindowWhenPaging() {
        JsonNode first = ok("/v1/metrics/services?size=2");
        JsonNode second = ok("/v1/metrics/services?size=2&page=1");

        assertThat(first.get("totalItems").getLongValue()).isEqualTo(4);
        assertThat(texts(first.get("items"), "serviceId")).containsExactly("checkout", "legacy");
        assertThat(texts(second.get("items"), "serviceId")).containsExactly("payments", "search");
        JsonNode checkout = first.get("items").get(0);
        assertThat(checkout.get("windowStart").getStringValue()).isEqualTo("2025-03-01T03:00:00Z");
        assertThat(checkout.get("errorRate").getDoubleValue()).isEqualTo(0.0);
        assertThat(checkout.get("latencyP99Ms").getDoubleValue()).isEqualTo(500.0);
        assertThat(checkout.get("effectiveCost").getStringValue()).isEqualTo("0.500000000000");
    }

    @Test
    void shouldReturn404ProblemWhenServiceIsUnknown() {
        Answer health = api().get("/v1/metrics/nobody/health", viewerKey());
        Answer query = api().get("/v1/metrics/query?serviceId=nobody" + RANGE, viewerKey());

        for (Answer answer : List.of(health, query)) {
            assertThat(answer.status()).as(answer.raw()).isEqualTo(404);
            assertThat(answer.contentType()).isEqualTo(ApiTestClient.PROBLEM_JSON);
            assertThat(answer.text("type")).isEqualTo("urn:costflow:problem:unknown-service");
            assertThat(answer.text("detail")).contains("'nobody'");
        }
    }

    @Test
    void shouldReturn400ProblemWhenServiceIdOrRangeIsInvalid() {
        Answer injection =
                api().get(
                                "/v1/metrics/query?serviceId=x'%3BDROP%20TABLE%20cost_window"
                                        + RANGE,
                                viewerKey());
        Answer missingTo =
                api().get(
                                "/v1/metrics/query?serviceId=checkout&from=2025-03-01T00:00:00Z",
                                viewerKey());
        Answer badInstant =
                api().get(
                                "/v1/metrics/query?serviceId=checkout&from=yesterday"
                                        + "&to=2025-03-01T00:00:00Z",
                                viewerKey());

        assertThat(injection.status()).as(injection.raw()).isEqualTo(400);
        assertThat(injection.body().get("invalidParams").get(0).get("name").getStringValue())
                .isEqualTo("serviceId");
        assertThat(missingTo.status()).isEqualTo(400);
        assertThat(missingTo.body().get("invalidParams").get(0).get("name").getStringValue())
                .isEqualTo("to");
        assertThat(badInstant.status()).isEqualTo(400);
        assertThat(badInstant.body().get("invalidParams").get(0).get("reason").getStringValue())
                .contains("ISO-8601");
        assertThat(ok("/v1/metrics/services").get("totalItems").getLongValue()).isEqualTo(4);
    }

    private static Window window(
            String service, int hour, long requests, long errors, Double cpuP95, String latency) {
        return new Window(
                service,
                T0.plus(HOUR.multipliedBy(hour)),
                "BILLED",
                "USD",
                "1",
                "0.5",
                requests,
                errors,
                null,
                cpuP95,
                latency);
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(1e-9);
    }

    private JsonNode ok(String uri) {
        Answer answer = api().get(uri, viewerKey());
        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
        return answer.body();
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> values = new ArrayList<>();
        for (JsonNode node : array.values()) {
            values.add(node.get(field).getStringValue());
        }
        return values;
    }

    private String viewerKey() {
        if (viewerKey == null) {
            viewerKey = api().createKey(adminKey, "VIEWER");
        }
        return viewerKey;
    }

    private ApiTestClient api() {
        return new ApiTestClient(client, json);
    }
}

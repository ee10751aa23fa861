package io.costflow.api.cost;

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
class CostTotalsControllerTest implements TestPropertyProvider {

    private static final Instant T0 = Instant.parse("2025-03-01T00:00:00Z");
    private static final Duration HOUR = Duration.ofHours(1);
    private static final String RANGE = "&from=2025-03-01T00:00:00Z&to=2025-03-02T00:00:00Z";

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
        rows.config("checkout", "team-payments", 0.999, 250, 0.99);
        rows.config("cart", "team-payments", 0.999, 250, 0.99);
        rows.config("search", "team-discovery", 0.999, 250, 0.99);
        // Amounts with 12 decimals whose float sum would not be exact.
        rows.insert(
                window(
                        "checkout",
                        0,
                        "BILLED",
                        "USD",
                        "0.100000000001",
                        "0.1",
                        10,
                        1,
                        "{\"USAGE\":\"0.090000000001\",\"TAX\":\"0.01\"}"));
        rows.insert(
                window(
                        "checkout",
                        1,
                        "PROVISIONAL",
                        "USD",
                        "0.2",
                        "0.2",
                        20,
                        0,
                        "{\"USAGE\":\"0.2\"}"));
        rows.insert(
                window(
                        "cart",
                        0,
                        "BILLED",
                        "USD",
                        "0.3",
                        "0.25",
                        5,
                        5,
                        "{\"USAGE\":\"0.25\",\"PURCHASE\":\"0.05\"}"));
        rows.insert(window("search", 0, "BILLED", "EUR", "7", "7", 1, 0, "{\"USAGE\":\"7\"}"));
        rows.insert(window("legacy", 2, "BILLED", "USD", "1", "1", 0, 0, "{\"USAGE\":\"1\"}"));
        // Outside the range: must not count.
        rows.insert(
                window(
                        "checkout",
                        24,
                        "BILLED",
                        "USD",
                        "1000",
                        "1000",
                        1,
                        0,
                        "{\"USAGE\":\"1000\"}"));
        rows.insert(
                window(
                        "checkout",
                        -1,
                        "BILLED",
                        "USD",
                        "1000",
                        "1000",
                        1,
                        0,
                        "{\"USAGE\":\"1000\"}"));
    }

    @Test
    void shouldAddUpExactlyPerServiceWhenGroupedByService() {
        JsonNode body = ok("/v1/costs/totals?groupBy=SERVICE" + RANGE);

        assertThat(body.get("groupBy").getStringValue()).isEqualTo("SERVICE");
        assertThat(body.get("totalItems").getLongValue()).isEqualTo(4);
        JsonNode items = body.get("items");
        assertThat(texts(items, "key")).containsExactly("cart", "checkout", "legacy", "search");
        JsonNode checkout = items.get(1);
        assertThat(checkout.get("currency").getStringValue()).isEqualTo("USD");
        assertThat(checkout.get("billedCost").getStringValue()).isEqualTo("0.300000000001");
        assertThat(checkout.get("effectiveCost").getStringValue()).isEqualTo("0.300000000000");
        assertThat(checkout.get("cost").getStringValue()).isEqualTo("0.300000000000");
        assertThat(checkout.get("provisionalCost").getStringValue()).isEqualTo("0.200000000000");
        assertThat(checkout.get("requestCount").getLongValue()).isEqualTo(30);
        assertThat(checkout.get("errorCount").getLongValue()).isEqualTo(1);
        assertThat(checkout.get("windows").getLongValue()).isEqualTo(2);
        assertThat(items.get(3).get("currency").getStringValue()).isEqualTo("EUR");
    }

    @Test
    void shouldGroupByConfiguredOwnerAndKeepCurrenciesApartWhenGroupedByOwner() {
        JsonNode items = ok("/v1/costs/totals?groupBy=OWNER" + RANGE).get("items");

        assertThat(texts(items, "key"))
                .containsExactly("_unowned", "team-discovery", "team-payments");
        assertThat(texts(items, "billedCost"))
                .containsExactly("1.000000000000", "7.000000000000", "0.600000000001");
        assertThat(items.get(2).get("requestCount").getLongValue()).isEqualTo(35);
        assertThat(items.get(2).get("windows").getLongValue()).isEqualTo(3);
    }

    @Test
    void shouldSumTheCategoryDocumentsWhenGroupedByCategory() {
        JsonNode items = ok("/v1/costs/totals?groupBy=CATEGORY" + RANGE).get("items");

        assertThat(texts(items, "key")).containsExactly("PURCHASE", "TAX", "USAGE", "USAGE");
        assertThat(texts(items, "currency")).containsExactly("USD", "USD", "EUR", "USD");
        assertThat(texts(items, "cost")).containsExactly("0.05", "0.01", "7", "1.540000000001");
        assertThat(items.get(3).get("billedCost")).isNull();
        assertThat(items.get(3).get("windows").getLongValue()).isEqualTo(4);
    }

    @Test
    void shouldPageThroughTotalsWhenSizeIsSmall() {
        JsonNode first = ok("/v1/costs/totals?groupBy=SERVICE&page=0&size=3" + RANGE);
        JsonNode second = ok("/v1/costs/totals?groupBy=SERVICE&page=1&size=3" + RANGE);

        assertThat(texts(first.get("items"), "key")).containsExactly("cart", "checkout", "legacy");
        assertThat(texts(second.get("items"), "key")).containsExactly("search");
        assertThat(second.get("totalItems").getLongValue()).isEqualTo(4);
        assertThat(second.get("page").getIntValue()).isEqualTo(1);
    }

    @Test
    void shouldReturn400NamingTheParameterWhenGroupByIsUnknown() {
        Answer answer = api().get("/v1/costs/totals?groupBy=TEAM" + RANGE, viewerKey());

        assertThat(answer.status()).as(answer.raw()).isEqualTo(400);
        assertThat(answer.contentType()).isEqualTo(ApiTestClient.PROBLEM_JSON);
        JsonNode param = answer.body().get("invalidParams").get(0);
        assertThat(param.get("name").getStringValue()).isEqualTo("groupBy");
        assertThat(param.get("value").getStringValue()).isEqualTo("TEAM");
        assertThat(param.get("reason").getStringValue()).contains("SERVICE", "OWNER", "CATEGORY");
    }

    @Test
    void shouldReturn400WhenRangeIsReversedOrPageSizeTooLarge() {
        Answer reversed =
                api().get(
                                "/v1/costs/totals?groupBy=SERVICE"
                                        + "&from=2025-03-02T00:00:00Z&to=2025-03-01T00:00:00Z",
                                viewerKey());
        Answer tooLarge =
                api().get("/v1/costs/totals?groupBy=SERVICE&size=501" + RANGE, viewerKey());
        Answer injection =
                api().get("/v1/costs/totals?groupBy=SERVICE'%20OR%201=1--" + RANGE, viewerKey());

        assertThat(reversed.status()).isEqualTo(400);
        assertThat(reversed.body().get("invalidParams").get(0).get("name").getStringValue())
                .isEqualTo("from");
        assertThat(tooLarge.status()).isEqualTo(400);
        assertThat(tooLarge.body().get("invalidParams").get(0).get("name").getStringValue())
                .isEqualTo("size");
        assertThat(injection.status()).isEqualTo(400);
        assertThat(injection.contentType()).isEqualTo(ApiTestClient.PROBLEM_JSON);
    }

    private static Window window(
            String service,
            int hour,
            String status,
            String currency,
            String billed,
            String effective,
            long requests,
            long errors,
            String categories) {
        return new Window(
                service,
                T0.plus(HOUR.multipliedBy(hour)),
                status,
                currency,
                billed,
                effective,
                requests,
                errors,
                categories,
                null,
                null);
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

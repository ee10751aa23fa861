package io.costflow.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.costflow.api.ApiTestClient.Answer;
import io.costflow.infra.junit.SharedInfrastructure;
import io.costflow.infra.junit.TestDatabase;
import io.costflow.infra.junit.TestTopics;
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
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Paging by cursor: a walk through a list that changes while it is walked shows every item that was
 * there when it started exactly once, in order. Each test inserts an item that sorts before the
 * walk's position between two pages; paging by offset would show an item twice there.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CursorPagingTest implements TestPropertyProvider {

    private final TestDatabase db = SharedInfrastructure.get().newDatabase();
    private final TestTopics topics = SharedInfrastructure.get().newTopics();
    private final String topic = topics.create("service-config", 1);
    private final String adminKey = ApiTestClient.randomAdminKey();
    private final CostWindowRows windows = new CostWindowRows(db);

    @Inject
    @Client("/")
    HttpClient client;

    @Inject JsonMapper json;

    @Override
    public Map<String, String> getProperties() {
        return ApiTestClient.properties(db, adminKey, topics.bootstrapServers(), topic);
    }

    @Test
    void shouldShowEachAlertOnceWhenNewerAlertsArriveDuringTheWalk() throws SQLException {
        for (int hour = 1; hour <= 5; hour++) {
            slaAlert("pager-" + hour, "pager", hour);
        }
        List<String> seen = new ArrayList<>();

        Answer first = page("/v1/alerts?serviceId=pager&size=2", null);
        seen.addAll(values(first, "alertId"));
        slaAlert("pager-6", "pager", 6);
        Answer second = page("/v1/alerts?serviceId=pager&size=2", next(first));
        seen.addAll(values(second, "alertId"));
        slaAlert("pager-7", "pager", 7);
        Answer third = page("/v1/alerts?serviceId=pager&size=2", next(second));
        seen.addAll(values(third, "alertId"));

        assertThat(seen).containsExactly("pager-5", "pager-4", "pager-3", "pager-2", "pager-1");
        assertThat(third.body().get("nextCursor").isNull()).isTrue();
        assertThat(first.body().get("page").getIntValue()).isZero();
        assertThat(second.body().get("page").isNull()).isTrue();
        assertThat(third.body().get("totalItems").getLongValue()).isEqualTo(7);
    }

    @Test
    void shouldShowEachRecommendationOnceWhenSeveralShareAnUpdateTime() throws SQLException {
        try (Connection c = db.connect()) {
            for (String kind : List.of("RIGHTSIZE", "IDLE", "PRICING_MODEL")) {
                recommendation(c, "reco/" + kind.toLowerCase(Locale.ROOT), kind);
            }
        }
        List<String> seen = new ArrayList<>();

        Answer first = page("/v1/recommendations?serviceId=reco&size=2", null);
        seen.addAll(values(first, "recommendationId"));
        try (Connection c = db.connect()) {
            recommendation(c, "reco/scale_in", "SCALE_IN");
            try (PreparedStatement s =
                    c.prepareStatement(
                            "UPDATE recommendation SET updated_at = updated_at + interval '1h'"
                                    + " WHERE recommendation_id = 'reco/scale_in'")) {
                s.executeUpdate();
            }
        }
        Answer second = page("/v1/recommendations?serviceId=reco&size=2", next(first));
        seen.addAll(values(second, "recommendationId"));

        // The three share an update time, so they come in id order, and the first page ends
        // between two of them; reco/scale_in, newer than the walk's position, is not shown.
        assertThat(seen).containsExactly("reco/idle", "reco/pricing_model", "reco/rightsize");
        assertThat(second.body().get("nextCursor").isNull()).isTrue();
        assertThat(second.body().get("totalItems").getLongValue()).isEqualTo(4);
    }

    @Test
    void shouldShowEachServiceOnceWhenServicesAreAddedDuringTheWalk() {
        for (String id : List.of("svc-b", "svc-d", "svc-f")) {
            put(id, 2);
        }

        List<String> walk =
                walk(
                        "/v1/services?size=1",
                        "serviceId",
                        position -> {
                            if (position.equals("svc-b")) {
                                put("svc-a", 2); // sorts before the position: not shown
                            } else if (position.equals("svc-d")) {
                                put("svc-e", 2); // after it: shown in its place
                            }
                        });

        assertThat(walk).isSorted().doesNotHaveDuplicates();
        assertThat(walk).containsSubsequence("svc-b", "svc-d", "svc-e", "svc-f");
        assertThat(walk).doesNotContain("svc-a");
    }

    @Test
    void shouldShowEachConfigChangeOnceWhenChangesAreRecordedDuringTheWalk() {
        for (int replicas = 1; replicas <= 3; replicas++) {
            put("history", replicas);
        }
        List<Long> seen = new ArrayList<>();

        Answer first = page("/v1/config/history/history?size=2", null);
        first.body().get("items").values().forEach(n -> seen.add(n.get("changeId").getLongValue()));
        put("history", 4);
        Answer second = page("/v1/config/history/history?size=2", next(first));
        second.body()
                .get("items")
                .values()
                .forEach(n -> seen.add(n.get("changeId").getLongValue()));

        assertThat(seen).hasSize(3).doesNotHaveDuplicates();
        assertThat(seen).isSortedAccordingTo((a, b) -> Long.compare(b, a));
        assertThat(second.body().get("nextCursor").isNull()).isTrue();
        assertThat(second.body().get("totalItems").getLongValue()).isEqualTo(4);
    }

    @Test
    void shouldShowEachServiceAndTotalOnceWhenCostWindowsArriveDuringTheWalk() throws SQLException {
        for (String id : List.of("cost-b", "cost-d", "cost-f")) {
            window(id);
        }
        String range =
                "&from="
                        + encode(ResultFixtures.BEGINNING.toString())
                        + "&to="
                        + encode(ResultFixtures.BEGINNING.plus(Duration.ofDays(1)).toString());

        List<String> metrics =
                walk(
                        "/v1/metrics/services?size=1",
                        "serviceId",
                        position -> insertBefore(position, "cost-d", "cost-a"));
        List<String> totals =
                walk(
                        "/v1/costs/totals?groupBy=SERVICE&size=1" + range,
                        "key",
                        position -> insertBefore(position, "cost-d", "cost-c"));

        assertThat(metrics).isSorted().doesNotHaveDuplicates().doesNotContain("cost-a");
        assertThat(metrics).containsSubsequence("cost-b", "cost-d", "cost-f");
        assertThat(totals).isSorted().doesNotHaveDuplicates().doesNotContain("cost-c");
        assertThat(totals).containsSubsequence("cost-a", "cost-b", "cost-d", "cost-f");
    }

    @Test
    void shouldAnswer400NamingTheCursorWhenItIsNotOneTheListGaveOut() {
        String alertCursor = PageCursor.of("alerts", Instant.parse("2026-11-01T00:00:00Z"), "x");
        Map<String, String> refused =
                Map.of(
                        "/v1/alerts?cursor=%25%25%25",
                        "cursor",
                        "/v1/alerts?cursor=" + "A".repeat(2000),
                        "cursor",
                        "/v1/services?cursor=" + alertCursor,
                        "cursor",
                        "/v1/alerts?page=1&cursor=" + alertCursor,
                        "page",
                        "/v1/alerts?cursor="
                                + PageCursor.of("alerts", "+300000-01-01T00:00:00Z", "x"),
                        "cursor",
                        "/v1/recommendations?cursor="
                                + PageCursor.of("recommendations", "now", "x"),
                        "cursor",
                        "/v1/config/history/history?cursor="
                                + PageCursor.of("config-history", "1e3"),
                        "cursor",
                        "/v1/costs/totals?groupBy=OWNER&from=2026-11-01T00:00:00Z"
                                + "&to=2026-11-02T00:00:00Z&cursor="
                                + PageCursor.of("cost-totals-SERVICE", "a", "USD"),
                        "cursor");
        String viewer = api().createKey(adminKey, "VIEWER");

        refused.forEach(
                (uri, param) -> {
                    Answer answer = api().get(uri, viewer);
                    assertThat(answer.status()).as(uri + ": " + answer.raw()).isEqualTo(400);
                    assertThat(answer.contentType()).isEqualTo(ApiTestClient.PROBLEM_JSON);
                    JsonNode invalid = answer.body().get("invalidParams").get(0);
                    assertThat(invalid.get("name").getStringValue()).as(uri).isEqualTo(param);
                    assertThat(invalid.get("reason").getStringValue()).as(uri).isNotBlank();
                });
    }

    /**
     * Walks {@code uri} by cursor to its end, calling {@code between} with the last item's {@code
     * field} after each page, and returns the {@code field} of every item shown.
     */
    private List<String> walk(String uri, String field, Consumer<String> between) {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        for (int pages = 0; pages < 100; pages++) {
            Answer answer = page(uri, cursor);
            List<String> items = values(answer, field);
            seen.addAll(items);
            cursor = next(answer);
            if (cursor == null) {
                return seen;
            }
            between.accept(items.get(items.size() - 1));
        }
        throw new AssertionError("no last page after 100 pages of " + uri + ": " + seen);
    }

    private Answer page(String uri, String cursor) {
        Answer answer =
                api().get(uri + (cursor == null ? "" : "&cursor=" + encode(cursor)), viewerKey());
        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
        return answer;
    }

    private static String next(Answer answer) {
        JsonNode next = answer.body().get("nextCursor");
        return next == null || next.isNull() ? null : next.getStringValue();
    }

    private static List<String> values(Answer answer, String field) {
        return valuesOf(answer, n -> n.get(field).getStringValue());
    }

    private static <T> List<T> valuesOf(Answer answer, Function<JsonNode, T> value) {
        List<T> values = new ArrayList<>();
        answer.body().get("items").values().forEach(n -> values.add(value.apply(n)));
        return values;
    }

    private void insertBefore(String position, String when, String serviceId) {
        if (position.equals(when)) {
            try {
                window(serviceId);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private void window(String serviceId) throws SQLException {
        windows.insert(
                new CostWindowRows.Window(
                        serviceId,
                        ResultFixtures.BEGINNING,
                        "BILLED",
                        "USD",
                        "1.50",
                        "1.20",
                        3600,
                        0,
                        null,
                        0.4,
                        null));
    }

    private void put(String serviceId, int replicas) {
        Answer answer =
                api().putJson(
                                "/v1/services/" + serviceId,
                                ResultFixtures.config("m6i.large", replicas),
                                adminKey);
        assertThat(answer.status()).as(answer.raw()).isBetween(200, 201);
    }

    private void slaAlert(String alertId, String serviceId, int hour) throws SQLException {
        Instant at = ResultFixtures.BEGINNING.plus(Duration.ofHours(hour));
        try (Connection c = db.connect();
                PreparedStatement s =
                        c.prepareStatement(
                                """
                                INSERT INTO sla_alert VALUES (?, ?, 'AVAILABILITY', 'FIRING',
                                    'PAGE', 3600, 300, 15.0, 16.0, 0.4, ?, ?)
                                """)) {
            s.setString(1, alertId);
            s.setString(2, serviceId);
            s.setObject(3, at.atOffset(ZoneOffset.UTC));
            s.setObject(4, at.plusSeconds(1).atOffset(ZoneOffset.UTC));
            s.executeUpdate();
        }
    }

    private static void recommendation(Connection c, String id, String kind) throws SQLException {
        ResultFixtures.insertRecommendation(
                c, id, "reco", kind, "OPEN", "m6i.2xlarge", 4, "m6i.large", null, null, "100");
    }

    private String viewerKey;

    private String viewerKey() {
        if (viewerKey == null) {
            viewerKey = api().createKey(adminKey, "VIEWER");
        }
        return viewerKey;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private ApiTestClient api() {
        return new ApiTestClient(client, json);
    }
}

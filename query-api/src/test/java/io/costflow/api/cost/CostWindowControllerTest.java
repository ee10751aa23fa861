package io.costflow.api.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ch.qos.logback.classic.Level;
import io.costflow.api.ApiTestClient;
import io.costflow.api.LogCapture;
import io.costflow.api.json.IsoInstantSerializer;
import io.costflow.api.observability.RequestIdFilter;
import io.costflow.infra.junit.SharedInfrastructure;
import io.costflow.infra.junit.TestDatabase;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.SerdeRegistry;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CostWindowControllerTest implements TestPropertyProvider {

    private static final String PROBLEM_JSON = "application/problem+json";
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private static final Duration HOUR = Duration.ofHours(1);

    private final TestDatabase db = SharedInfrastructure.get().newDatabase();
    private final String adminKey = ApiTestClient.randomAdminKey();
    private String viewerKey;

    @Inject
    @Client("/")
    HttpClient client;

    @Inject JsonMapper json;

    @Inject SerdeRegistry serdes;

    @Override
    public Map<String, String> getProperties() {
        return ApiTestClient.properties(db, adminKey);
    }

    /** The cost endpoints are for viewers; every request here sends a viewer's key. */
    private <T> MutableHttpRequest<T> withViewerKey(MutableHttpRequest<T> request) {
        if (viewerKey == null) {
            viewerKey = new ApiTestClient(client, json).createKey(adminKey, "VIEWER");
        }
        return request.bearerAuth(viewerKey);
    }

    @Test
    void shouldWriteInstantsWithTheIsoSerializerWhenEncodingJson() throws Exception {
        assertThat(serdes.findSerializer(Argument.of(Instant.class)))
                .isInstanceOf(IsoInstantSerializer.class);
        assertThat(json.writeValueAsString(Instant.parse("2025-03-04T05:06:07.089Z")))
                .isEqualTo("\"2025-03-04T05:06:07.089Z\"");
    }

    @Test
    void shouldReturnWindowsInOrderWithExactTotalsWhenServiceHasWindowsInRange() throws Exception {
        // Inserted out of order; one window before the range and one starting exactly at `to`.
        insert("checkout", T0.plus(HOUR.multipliedBy(2)), "PROVISIONAL", 1, "USD", "0.3", 30, 3);
        insert("checkout", T0.minus(HOUR), "BILLED", 2, "USD", "100", 1, 0);
        insert("checkout", T0, "BILLED", 2, "USD", "0.1", 10, 1);
        insert("checkout", T0.plus(HOUR.multipliedBy(3)), "BILLED", 1, "USD", "100", 1, 0);
        insert("checkout", T0.plus(HOUR), "CORRECTED", 3, "USD", "0.2", 20, 2);

        JsonNode body = ok(costsUri("checkout", T0, T0.plus(HOUR.multipliedBy(3))));

        assertThat(text(body, "serviceId")).isEqualTo("checkout");
        assertThat(text(body, "from")).isEqualTo("2025-03-01T10:00:00Z");
        assertThat(text(body, "to")).isEqualTo("2025-03-01T13:00:00Z");
        assertThat(text(body, "currency")).isEqualTo("USD");
        JsonNode windows = body.get("windows");
        assertThat(windows.size()).isEqualTo(3);
        assertThat(texts(windows, "windowStart"))
                .containsExactly(
                        "2025-03-01T10:00:00Z", "2025-03-01T11:00:00Z", "2025-03-01T12:00:00Z");
        assertThat(texts(windows, "windowEnd"))
                .containsExactly(
                        "2025-03-01T11:00:00Z", "2025-03-01T12:00:00Z", "2025-03-01T13:00:00Z");
        assertThat(texts(windows, "status")).containsExactly("BILLED", "CORRECTED", "PROVISIONAL");
        assertThat(texts(windows, "billedCost"))
                .containsExactly("0.100000000000", "0.200000000000", "0.300000000000");
        assertThat(texts(windows, "effectiveCost"))
                .containsExactly("0.050000000000", "0.100000000000", "0.150000000000");
        assertThat(texts(windows, "provisionalCost"))
                .containsExactly("0.000000000000", "0.000000000000", "0.300000000000");
        JsonNode first = windows.get(0);
        assertThat(first.get("revision").getLongValue()).isEqualTo(2);
        assertThat(first.get("requestCount").getLongValue()).isEqualTo(10);
        assertThat(first.get("errorCount").getLongValue()).isEqualTo(1);
        assertThat(first.get("resourceCount").getIntValue()).isEqualTo(4);
        assertThat(text(first, "updatedAt")).isEqualTo("2025-03-02T00:00:00Z");

        JsonNode totals = body.get("totals");
        assertThat(totals.get("billedCost").isString()).isTrue();
        assertThat(text(totals, "billedCost")).isEqualTo("0.600000000000");
        assertThat(text(totals, "effectiveCost")).isEqualTo("0.300000000000");
        assertThat(text(totals, "provisionalCost")).isEqualTo("0.300000000000");
        assertThat(totals.get("requestCount").getLongValue()).isEqualTo(60);
        assertThat(totals.get("errorCount").getLongValue()).isEqualTo(6);
    }

    @Test
    void shouldReturnEmptyWindowsAndZeroTotalsWhenKnownServiceHasNoWindowsInRange()
            throws Exception {
        insert("search", T0, "BILLED", 1, "EUR", "1.5", 1, 0);

        JsonNode body = ok(costsUri("search", T0.plus(HOUR), T0.plus(HOUR.multipliedBy(5))));

        assertThat(body.get("windows").size()).isZero();
        assertThat(body.get("currency").isNull()).isTrue();
        JsonNode totals = body.get("totals");
        assertThat(text(totals, "billedCost")).isEqualTo("0");
        assertThat(text(totals, "effectiveCost")).isEqualTo("0");
        assertThat(text(totals, "provisionalCost")).isEqualTo("0");
        assertThat(totals.get("requestCount").getLongValue()).isZero();
        assertThat(totals.get("errorCount").getLongValue()).isZero();
    }

    @Test
    void shouldAcceptUnallocatedServiceWhenItHasWindows() throws Exception {
        insert("__unallocated__", T0, "BILLED", 1, "USD", "12.345", 0, 0);

        JsonNode body = ok(costsUri("__unallocated__", T0, T0.plus(HOUR)));

        assertThat(texts(body.get("windows"), "billedCost")).containsExactly("12.345000000000");
    }

    @Test
    void shouldReturn404ProblemWhenServiceIsUnknown() throws Exception {
        Failure failure = fail(costsUri("no-such-service", T0, T0.plus(HOUR)));

        assertThat(failure.status()).isEqualTo(404);
        assertThat(failure.contentType()).isEqualTo(PROBLEM_JSON);
        assertThat(text(failure.body(), "type")).isEqualTo("urn:costflow:problem:unknown-service");
        assertThat(failure.body().get("status").getIntValue()).isEqualTo(404);
        assertThat(text(failure.body(), "detail")).contains("'no-such-service'");
    }

    @Test
    void shouldReturn400ProblemWhenFromIsMissing() throws Exception {
        Failure failure = fail("/v1/services/checkout/costs?to=2025-03-01T10:00:00Z");

        assertInvalidParam(failure, "from", null, "is required");
    }

    @Test
    void shouldReturn400ProblemWhenToIsUnparseable() throws Exception {
        Failure failure = fail("/v1/services/checkout/costs?from=2025-03-01T10:00:00Z&to=tomorrow");

        assertInvalidParam(failure, "to", "tomorrow", "ISO-8601 instant");
    }

    @Test
    void shouldReturn400ProblemWhenFromIsAfterTo() throws Exception {
        Failure failure = fail(costsUri("checkout", T0.plus(HOUR), T0));

        assertInvalidParam(failure, "from", "2025-03-01T11:00:00Z", "must be before 'to'");
    }

    @Test
    void shouldReturn400ProblemWhenRangeLiesBeyondTheYear9999() throws Exception {
        // PostgreSQL refuses timestamps after the year 294276; this must not reach it as a 500.
        Instant from = Instant.parse("+300000-01-01T00:00:00Z");

        Failure failure =
                fail(
                        "/v1/services/checkout/costs?from=%2B300000-01-01T00:00:00Z"
                                + "&to=%2B300000-01-01T01:00:00Z");

        assertInvalidParam(failure, "from", from.toString(), "years 1 to 9999");
    }

    @Test
    void shouldReturn400ProblemWhenRangeIsLongerThan366Days() throws Exception {
        Instant to = T0.plus(Duration.ofDays(366)).plusSeconds(1);

        Failure failure = fail(costsUri("checkout", T0, to));

        assertInvalidParam(failure, "to", to.toString(), "at most 366 days");
    }

    @Test
    void shouldReturn400ProblemWhenServiceIdIsMalformed() throws Exception {
        String serviceId = "x'; DROP TABLE cost_window; --";
        long rowsBefore = rowCount();

        Failure failure = fail(costsUri(serviceId, T0, T0.plus(HOUR)));

        assertInvalidParam(failure, "serviceId", serviceId, "must match");
        assertThat(rowCount()).isEqualTo(rowsBefore);
    }

    @Test
    void shouldReturn404ProblemWhenPathIsUnknown() throws Exception {
        Failure failure = fail("/v1/nothing-here");

        assertThat(failure.status()).isEqualTo(404);
        assertThat(failure.contentType()).isEqualTo(PROBLEM_JSON);
        assertThat(text(failure.body(), "title")).isEqualTo("Not Found");
        assertThat(text(failure.body(), "detail")).contains("/v1/nothing-here");
    }

    @Test
    void shouldReturn405ProblemWhenMethodIsNotAllowed() throws Exception {
        Failure failure = fail(HttpRequest.DELETE(costsUri("checkout", T0, T0.plus(HOUR)), null));

        assertThat(failure.status()).isEqualTo(405);
        assertThat(failure.contentType()).isEqualTo(PROBLEM_JSON);
        assertThat(text(failure.body(), "detail")).contains("DELETE");
    }

    @Test
    void shouldReturn500ProblemWithoutInternalsWhenServiceHasMixedCurrencies() throws Exception {
        insert("mixed", T0, "BILLED", 1, "USD", "1", 0, 0);
        insert("mixed", T0.plus(HOUR), "BILLED", 1, "EUR", "1", 0, 0);

        LogCapture logged = LogCapture.of("io.micronaut.http.server.RouteExecutor");
        Failure failure;
        try (logged) {
            failure =
                    fail(
                            HttpRequest.GET(costsUri("mixed", T0, T0.plus(HOUR.multipliedBy(2))))
                                    .header(RequestIdFilter.HEADER, "trace-500"));
        }

        assertThat(failure.status()).isEqualTo(500);
        assertThat(failure.contentType()).isEqualTo(PROBLEM_JSON);
        assertThat(text(failure.body(), "detail")).doesNotContain("EUR", "Exception");
        assertThat(text(failure.body(), "requestId")).isEqualTo("trace-500");
        // The cause is logged with the request's id by whichever thread completes the failed
        // query's future: the blocking thread that ran it, or the event loop if the query failed
        // before the event loop had attached its callback.
        assertThat(logged.events())
                .anySatisfy(
                        event -> {
                            assertThat(event.getLevel()).isEqualTo(Level.ERROR);
                            assertThat(event.getThreadName())
                                    .matches("io-executor.*|default-eventLoopGroup.*");
                            assertThat(event.getMDCPropertyMap())
                                    .containsEntry(RequestIdFilter.MDC_KEY, "trace-500");
                            assertThat(event.getThrowableProxy()).isNotNull();
                        });
    }

    private void assertInvalidParam(Failure failure, String name, String value, String reason) {
        assertThat(failure.status()).isEqualTo(400);
        assertThat(failure.contentType()).isEqualTo(PROBLEM_JSON);
        JsonNode body = failure.body();
        assertThat(text(body, "type")).isEqualTo("urn:costflow:problem:invalid-parameters");
        assertThat(body.get("status").getIntValue()).isEqualTo(400);
        assertThat(text(body, "detail")).contains("'" + name + "'");
        JsonNode params = body.get("invalidParams");
        assertThat(params.size()).isEqualTo(1);
        JsonNode param = params.get(0);
        assertThat(text(param, "name")).isEqualTo(name);
        String rejected = param.get("value") == null ? null : text(param, "value");
        assertThat(rejected).isEqualTo(value);
        assertThat(text(param, "reason")).contains(reason);
    }

    private JsonNode ok(String uri) throws IOException {
        HttpResponse<String> response =
                client.toBlocking().exchange(withViewerKey(HttpRequest.GET(uri)), String.class);
        assertThat(response.code()).isEqualTo(200);
        assertThat(response.getContentType()).contains(MediaType.APPLICATION_JSON_TYPE);
        return json.readValue(response.body(), JsonNode.class);
    }

    private Failure fail(String uri) throws IOException {
        return fail(HttpRequest.GET(uri));
    }

    private Failure fail(MutableHttpRequest<?> request) throws IOException {
        HttpClientResponseException e =
                assertThrows(
                        HttpClientResponseException.class,
                        () ->
                                client.toBlocking()
                                        .exchange(
                                                withViewerKey(request),
                                                Argument.of(String.class),
                                                Argument.of(String.class)));
        HttpResponse<?> response = e.getResponse();
        String body = response.getBody(String.class).orElseThrow();
        return new Failure(
                response.code(),
                response.getContentType().map(MediaType::toString).orElse(null),
                json.readValue(body, JsonNode.class));
    }

    private static String costsUri(String serviceId, Instant from, Instant to) {
        String path = URLEncoder.encode(serviceId, StandardCharsets.UTF_8).replace("+", "%20");
        return "/v1/services/" + path + "/costs?from=" + from + "&to=" + to;
    }

    private static String text(JsonNode node, String field) {
        return node.get(field).getStringValue();
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> values = new ArrayList<>();
        for (JsonNode element : array.values()) {
            values.add(text(element, field));
        }
        return values;
    }

    /** One hour window; effective cost is half the billed cost, provisional only if PROVISIONAL. */
    private void insert(
            String serviceId,
            Instant start,
            String status,
            long revision,
            String currency,
            String billed,
            long requests,
            long errors)
            throws SQLException {
        BigDecimal billedCost = new BigDecimal(billed);
        try (Connection c = db.connect();
                PreparedStatement s =
                        c.prepareStatement(
                                "INSERT INTO cost_window (service_id, window_start, window_end,"
                                        + " status, revision, currency, billed_cost,"
                                        + " effective_cost, provisional_cost, request_count,"
                                        + " error_count, resource_count, updated_at)"
                                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, serviceId);
            s.setObject(2, utc(start));
            s.setObject(3, utc(start.plus(HOUR)));
            s.setString(4, status);
            s.setLong(5, revision);
            s.setString(6, currency);
            s.setBigDecimal(7, billedCost);
            s.setBigDecimal(8, billedCost.divide(BigDecimal.valueOf(2)));
            s.setBigDecimal(9, status.equals("PROVISIONAL") ? billedCost : BigDecimal.ZERO);
            s.setLong(10, requests);
            s.setLong(11, errors);
            s.setInt(12, 4);
            s.setObject(13, utc(Instant.parse("2025-03-02T00:00:00Z")));
            s.executeUpdate();
        }
    }

    private long rowCount() throws SQLException {
        try (Connection c = db.connect();
                PreparedStatement s = c.prepareStatement("SELECT count(*) FROM cost_window");
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private record Failure(int status, String contentType, JsonNode body) {}
}

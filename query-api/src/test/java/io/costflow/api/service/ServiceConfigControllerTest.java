package io.costflow.api.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.costflow.api.ApiTestClient;
import io.costflow.api.ApiTestClient.Answer;
import io.costflow.infra.junit.SharedInfrastructure;
import io.costflow.infra.junit.TestDatabase;
import io.costflow.infra.junit.TestTopics;
import io.costflow.schemas.ServiceConfig;
import io.costflow.schemas.serde.RecordDecodingException;
import io.costflow.schemas.serde.Serdes;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServiceConfigControllerTest implements TestPropertyProvider {

    private static final Duration KAFKA_WAIT = Duration.ofSeconds(30);

    private final TestDatabase db = SharedInfrastructure.get().newDatabase();
    private final TestTopics topics = SharedInfrastructure.get().newTopics();
    private final String topic = topics.create("service-config", 1);
    private final String adminKey = ApiTestClient.randomAdminKey();
    private String viewerKey;

    @Inject
    @Client("/")
    HttpClient client;

    @Inject JsonMapper json;

    @Override
    public Map<String, String> getProperties() {
        return ApiTestClient.properties(db, adminKey, topics.bootstrapServers(), topic);
    }

    @Test
    void shouldStoreVersion1AndPublishRecordWhenServiceIsNew() throws Exception {
        Answer answer = put("checkout", config());

        assertThat(answer.status()).as(answer.raw()).isEqualTo(201);
        assertThat(answer.contentType()).isEqualTo(MediaType.APPLICATION_JSON);
        JsonNode body = answer.body();
        assertThat(answer.text("serviceId")).isEqualTo("checkout");
        assertThat(answer.text("owner")).isEqualTo("team-payments");
        assertThat(body.get("availabilityTarget").getDoubleValue()).isEqualTo(0.999);
        assertThat(body.get("latencyThresholdMs").getDoubleValue()).isEqualTo(250.0);
        assertThat(body.get("latencyTarget").getDoubleValue()).isEqualTo(0.99);
        assertThat(answer.text("monthlyBudget")).isEqualTo("1250.100000000000");
        assertThat(answer.text("currency")).isEqualTo("USD");
        assertThat(answer.text("budgetTimeZone")).isEqualTo("Europe/Berlin");
        assertThat(answer.text("instanceType")).isEqualTo("m5.large");
        assertThat(body.get("replicas").getIntValue()).isEqualTo(3);
        assertThat(body.get("version").getLongValue()).isEqualTo(1);

        List<ServiceConfig> published = published("checkout", 1);
        assertThat(published).hasSize(1);
        ServiceConfig record = published.get(0);
        assertThat(record.getServiceId()).isEqualTo("checkout");
        assertThat(record.getOwner()).isEqualTo("team-payments");
        assertThat(record.getAvailabilityTarget()).isEqualTo(0.999);
        assertThat(record.getLatencyThresholdMs()).isEqualTo(250.0);
        assertThat(record.getLatencyTarget()).isEqualTo(0.99);
        assertThat(record.getMonthlyBudget()).isEqualTo(new BigDecimal("1250.100000000000"));
        assertThat(record.getBudgetCurrency()).isEqualTo("USD");
        assertThat(record.getBudgetTimeZone()).isEqualTo("Europe/Berlin");
        assertThat(record.getInstanceType()).isEqualTo("m5.large");
        assertThat(record.getReplicas()).isEqualTo(3);
        assertThat(record.getVersion()).isEqualTo(1);
        assertThat(record.getUpdatedAt()).isEqualTo(Instant.parse(answer.text("updatedAt")));
        assertThat(record.getDeployedAt()).as("a first config changes no deployment").isNull();
        assertThat(body.get("deployedAt").isNull()).isTrue();
    }

    @Test
    void shouldPublishWhenTheDeploymentLastChangedAndKeepItWhenOtherFieldsChange()
            throws Exception {
        put("cart", config());
        Map<String, Object> scaled = config();
        scaled.put("replicas", 2);
        Answer scaledIn = put("cart", scaled);
        scaled.put("owner", "team-cart");
        put("cart", scaled);

        List<ServiceConfig> published = published("cart", 3);
        Instant scaledAt = Instant.parse(scaledIn.text("updatedAt"));
        assertThat(scaledIn.text("deployedAt")).isEqualTo(scaledIn.text("updatedAt"));
        assertThat(get("/v1/services/cart").text("deployedAt")).isEqualTo(scaledAt.toString());
        assertThat(published)
                .extracting(ServiceConfig::getDeployedAt)
                .containsExactly(null, scaledAt, scaledAt);
        assertThat(published.get(2).getUpdatedAt()).isAfter(scaledAt);
    }

    @Test
    void shouldIncrementVersionAndPublishAgainWhenConfigChanges() throws Exception {
        put("search", config());
        Map<String, Object> changed = config();
        changed.put("replicas", 5);
        changed.put("monthlyBudget", "99999999999999999999999999.999999999999");

        Answer answer = put("search", changed);

        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
        assertThat(answer.body().get("version").getLongValue()).isEqualTo(2);
        assertThat(answer.text("monthlyBudget"))
                .isEqualTo("99999999999999999999999999.999999999999");
        Answer read = get("/v1/services/search");
        assertThat(read.body().get("version").getLongValue()).isEqualTo(2);
        assertThat(read.body().get("replicas").getIntValue()).isEqualTo(5);
        List<ServiceConfig> published = published("search", 2);
        assertThat(published).extracting(ServiceConfig::getVersion).containsExactly(1L, 2L);
        assertThat(published.get(1).getReplicas()).isEqualTo(5);
        assertThat(published.get(1).getMonthlyBudget())
                .isEqualTo(new BigDecimal("99999999999999999999999999.999999999999"));
    }

    @Test
    void shouldKeepVersionAndPublishNothingWhenConfigIsIdentical() throws Exception {
        put("billing", config());
        put("billing", config());
        Map<String, Object> changed = config();
        changed.put("owner", "team-billing");
        put("billing", changed);

        // The third PUT's record comes after anything the second could have published.
        List<ServiceConfig> published = published("billing", 2);
        assertThat(published).extracting(ServiceConfig::getVersion).containsExactly(1L, 2L);
        assertThat(published)
                .extracting(ServiceConfig::getOwner)
                .containsExactly("team-payments", "team-billing");
    }

    @Test
    void shouldStoreNoBudgetWhenMonthlyBudgetIsAbsent() throws Exception {
        Map<String, Object> config = config();
        config.remove("monthlyBudget");

        Answer answer = put("nobudget", config);

        assertThat(answer.status()).as(answer.raw()).isEqualTo(201);
        assertThat(answer.body().get("monthlyBudget").isNull()).isTrue();
        assertThat(published("nobudget", 1).get(0).getMonthlyBudget()).isNull();
    }

    @Test
    void shouldKeepEveryDigitOfMonthlyBudgetWhenItIsSentAsJsonNumber() {
        String body =
                json(config())
                        .replace(
                                "\"monthlyBudget\":\"1250.1\"",
                                "\"monthlyBudget\":12345678901234567.123456789");

        Answer answer = api().putJson("/v1/services/numberbudget", body, adminKey);

        // The number's text is read as is, never through a double (which would keep 17 digits).
        assertThat(answer.status()).as(answer.raw()).isEqualTo(201);
        assertThat(answer.text("monthlyBudget")).isEqualTo("12345678901234567.123456789000");
        assertThat(get("/v1/services/numberbudget").text("monthlyBudget"))
                .isEqualTo("12345678901234567.123456789000");
    }

    @Test
    void shouldReturnConfigWhenViewerReadsService() {
        put("catalog", config());

        Answer answer = get("/v1/services/catalog");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.text("serviceId")).isEqualTo("catalog");
        assertThat(answer.text("monthlyBudget")).isEqualTo("1250.100000000000");
        assertThat(answer.body().get("version").getLongValue()).isEqualTo(1);
    }

    @Test
    void shouldReturn404ProblemWhenServiceHasNoConfig() {
        Answer answer = get("/v1/services/unknown-service");

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.contentType()).isEqualTo(ApiTestClient.PROBLEM_JSON);
        assertThat(answer.text("type")).isEqualTo("urn:costflow:problem:unknown-service");
        assertThat(answer.text("detail")).contains("'unknown-service'");
    }

    @Test
    void shouldListServicesInPagesOrderedByIdWhenSeveralAreConfigured() {
        for (String id : List.of("page-c", "page-a", "page-b")) {
            put(id, config());
        }

        Answer all = get("/v1/services?size=100");
        Answer first = get("/v1/services?page=0&size=2");
        Answer second = get("/v1/services?page=1&size=2");

        List<String> ids = ids(all);
        assertThat(all.status()).isEqualTo(200);
        assertThat(ids).isSorted().contains("page-a", "page-b", "page-c");
        assertThat(all.body().get("totalItems").getLongValue()).isEqualTo(ids.size());
        assertThat(ids(first)).isEqualTo(ids.subList(0, 2));
        assertThat(ids(second)).isEqualTo(ids.subList(2, Math.min(4, ids.size())));
        assertThat(second.body().get("page").getIntValue()).isEqualTo(1);
        assertThat(second.body().get("size").getIntValue()).isEqualTo(2);
    }

    private static List<String> ids(Answer page) {
        List<String> ids = new ArrayList<>();
        for (JsonNode item : page.body().get("items").values()) {
            ids.add(item.get("serviceId").getStringValue());
        }
        return ids;
    }

    @Test
    void shouldReturnDefaultPageWhenNoPagingIsGiven() {
        Answer answer = get("/v1/services");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().get("page").getIntValue()).isZero();
        assertThat(answer.body().get("size").getIntValue()).isEqualTo(20);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badPaging")
    void shouldReturn400ProblemWhenPagingIsOutOfRange(String query, String param, String reason) {
        Answer answer = get("/v1/services?" + query);

        assertInvalid(answer, param, reason);
    }

    static Stream<Arguments> badPaging() {
        return Stream.of(
                Arguments.of("size=101", "size", "100"),
                Arguments.of("size=0", "size", "1"),
                Arguments.of("page=-1", "page", "0"),
                Arguments.of("page=abc", "page", "whole number"),
                Arguments.of("size=1e3", "size", "whole number"));
    }

    /** {@code valueJson} is the field's value as JSON text, e.g. {@code 0} or {@code "usd"}. */
    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("badFields")
    void shouldReturn400ProblemNamingFieldWhenFieldBreaksItsRule(
            String field, String valueJson, String reason) throws SQLException {
        Map<String, Object> config = config();
        config.remove(field);
        String body = "{\"" + field + "\":" + valueJson + "," + json(config).substring(1);

        Answer answer = api().putJson("/v1/services/validation", body, adminKey);

        assertInvalid(answer, field, reason);
        assertThat(get("/v1/services/validation").status()).isEqualTo(404);
        assertThat(tableExists("service_config")).isTrue();
    }

    static Stream<Arguments> badFields() {
        return Stream.of(
                Arguments.of("owner", "\"\"", "must be 1 to 128"),
                Arguments.of("owner", "\"x'; DROP TABLE service_config; --\"", "must be 1 to 128"),
                Arguments.of("availabilityTarget", "0", "must be greater than 0"),
                Arguments.of("availabilityTarget", "1", "and less than 1"),
                Arguments.of("availabilityTarget", "1.5", "and less than 1"),
                Arguments.of("latencyThresholdMs", "0", "must be greater than 0"),
                Arguments.of("latencyThresholdMs", "-5", "must be greater than 0"),
                Arguments.of("latencyTarget", "0", "must be greater than 0"),
                Arguments.of("latencyTarget", "1", "and less than 1"),
                Arguments.of("monthlyBudget", "\"-1\"", "non-negative decimal string"),
                Arguments.of("monthlyBudget", "\"1e3\"", "non-negative decimal string"),
                Arguments.of("monthlyBudget", "\"0.1234567890123\"", "non-negative decimal string"),
                Arguments.of("monthlyBudget", "\"1,5\"", "non-negative decimal string"),
                Arguments.of("currency", "\"usd\"", "ISO 4217"),
                Arguments.of("currency", "\"ABC\"", "ISO 4217"),
                Arguments.of("currency", "\"EURO\"", "ISO 4217"),
                Arguments.of("budgetTimeZone", "\"Mars/Olympus_Mons\"", "IANA time zone"),
                Arguments.of("budgetTimeZone", "\"+02:00\"", "IANA time zone"),
                Arguments.of("instanceType", "\"m5.large; rm -rf /\"", "must be 1 to 128"),
                Arguments.of("replicas", "0", "greater than or equal to 1"),
                Arguments.of("replicas", "10001", "less than or equal to 10000"),
                Arguments.of("replicas", "1.5", "must be a whole number"),
                Arguments.of("replicas", "-1", "greater than or equal to 1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requiredFields")
    void shouldReturn400ProblemWhenRequiredFieldIsMissing(String field) {
        Map<String, Object> config = config();
        config.remove(field);

        Answer answer = put("validation", config);

        assertInvalid(answer, field, "must not be null");
    }

    static Stream<String> requiredFields() {
        return Stream.of(
                "owner",
                "availabilityTarget",
                "latencyThresholdMs",
                "latencyTarget",
                "currency",
                "budgetTimeZone",
                "instanceType",
                "replicas");
    }

    @Test
    void shouldReturn400ProblemForAFieldTheConfigDoesNotHave() {
        Map<String, Object> config = config();
        config.remove("monthlyBudget");
        config.put("monthlyBudgt", "5000");

        Answer answer = put("validation", config);

        // Read leniently, the misspelt budget would be stored as "no budget" and alerts would stop.
        assertInvalid(answer, "monthlyBudgt", "is not a field");
        assertThat(answer.text("detail")).contains("monthlyBudget");
        assertThat(get("/v1/services/validation").status()).isEqualTo(404);
    }

    @Test
    void shouldReturn400ProblemForABudgetInAnotherCurrencyThanBilling() {
        Map<String, Object> config = config();
        config.put("currency", "EUR");

        Answer answer = put("euros", config);

        assertInvalid(answer, "currency", "must be USD, the billing currency");
        config.remove("monthlyBudget");
        assertThat(put("euros", config).status())
                .as("without a budget the currency compares with nothing")
                .isEqualTo(201);
    }

    @Test
    void shouldNameEveryBrokenFieldWhenSeveralAreInvalid() {
        Map<String, Object> config = config();
        config.put("replicas", 0);
        config.put("currency", "usd");

        Answer answer = put("validation", config);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().get("invalidParams").size()).isEqualTo(2);
        assertThat(answer.text("detail")).contains("'currency'", "'replicas'");
    }

    @Test
    void shouldReturn400ProblemWhenServiceIdInPathIsSqlInjection() throws SQLException {
        Answer answer =
                client("/v1/services/x'%3B%20DROP%20TABLE%20service_config%3B%20--", config());

        assertInvalid(answer, "serviceId", "must match");
        assertThat(tableExists("service_config")).isTrue();
    }

    @Test
    void shouldReturn400ProblemWhenServiceIdIsTheUnallocatedBucket() {
        Answer answer = put("__unallocated__", config());

        assertInvalid(answer, "serviceId", "must match");
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("wrongTypes")
    void shouldReturn400ProblemNamingFieldWhenFieldHasWrongType(String field, String valueJson) {
        Map<String, Object> config = config();
        config.remove(field);
        String body = "{\"" + field + "\":" + valueJson + "," + json(config).substring(1);

        Answer answer = api().putJson("/v1/services/wrongtype", body, adminKey);

        assertThat(answer.status()).as(answer.raw()).isEqualTo(400);
        assertThat(answer.contentType()).isEqualTo(ApiTestClient.PROBLEM_JSON);
        assertThat(answer.text("detail"))
                .as(answer.raw())
                .contains(field)
                .doesNotContain("Exception", "io.micronaut", "com.fasterxml");
    }

    static Stream<Arguments> wrongTypes() {
        return Stream.of(
                Arguments.of("replicas", "\"three\""),
                Arguments.of("availabilityTarget", "\"high\""),
                Arguments.of("owner", "{\"name\": \"x\"}"));
    }

    @ParameterizedTest(name = "[{index}]")
    @MethodSource("malformedBodies")
    void shouldReturn400ProblemWhenBodyIsNotAConfigObject(String body) {
        Answer answer = api().putJson("/v1/services/malformed", body, adminKey);

        assertThat(answer.status()).as(answer.raw()).isEqualTo(400);
        assertThat(answer.contentType()).isEqualTo(ApiTestClient.PROBLEM_JSON);
        assertThat(answer.text("detail"))
                .as(answer.raw())
                .doesNotContain("Exception", "io.micronaut", "com.fasterxml");
    }

    static Stream<String> malformedBodies() {
        return Stream.of("{\"owner\": \"a\",", "[]", "null", "42", "{\"owner\": }", "\u0000");
    }

    @Test
    void shouldReturn400ProblemWhenBodyIsEmpty() {
        Answer answer = api().putJson("/v1/services/empty", "", adminKey);

        assertThat(answer.status()).as(answer.raw()).isEqualTo(400);
        assertThat(answer.contentType()).isEqualTo(ApiTestClient.PROBLEM_JSON);
    }

    @Test
    void shouldReturn413ProblemWhenBodyIsLargerThanMaxRequestSize() {
        Map<String, Object> config = config();
        config.put("owner", "x".repeat(128 * 1024));

        Answer answer = put("huge", config);

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.contentType()).isEqualTo(ApiTestClient.PROBLEM_JSON);
    }

    @Test
    void shouldReturn415ProblemWhenBodyIsNotJson() {
        Answer answer =
                api().send(
                                HttpRequest.PUT("/v1/services/text", "owner=x")
                                        .contentType(MediaType.TEXT_PLAIN_TYPE),
                                adminKey);

        assertThat(answer.status()).isEqualTo(415);
        assertThat(answer.contentType()).isEqualTo(ApiTestClient.PROBLEM_JSON);
    }

    private void assertInvalid(Answer answer, String name, String reason) {
        assertThat(answer.status()).as(answer.raw()).isEqualTo(400);
        assertThat(answer.contentType()).isEqualTo(ApiTestClient.PROBLEM_JSON);
        assertThat(answer.text("type")).isEqualTo("urn:costflow:problem:invalid-parameters");
        assertThat(answer.text("detail")).contains("'" + name + "'");
        JsonNode params = answer.body().get("invalidParams");
        assertThat(params.size()).as(answer.raw()).isEqualTo(1);
        assertThat(params.get(0).get("name").getStringValue()).isEqualTo(name);
        assertThat(params.get(0).get("reason").getStringValue()).contains(reason);
    }

    /** A valid config; tests change one field. */
    private static Map<String, Object> config() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("owner", "team-payments");
        config.put("availabilityTarget", 0.999);
        config.put("latencyThresholdMs", 250);
        config.put("latencyTarget", 0.99);
        config.put("monthlyBudget", "1250.1");
        config.put("currency", "USD");
        config.put("budgetTimeZone", "Europe/Berlin");
        config.put("instanceType", "m5.large");
        config.put("replicas", 3);
        return config;
    }

    private Answer put(String serviceId, Map<String, Object> config) {
        return client("/v1/services/" + serviceId, config);
    }

    private Answer client(String uri, Map<String, Object> config) {
        return api().putJson(uri, json(config), adminKey);
    }

    private Answer get(String uri) {
        if (viewerKey == null) {
            viewerKey = api().createKey(adminKey, "VIEWER");
        }
        return api().get(uri, viewerKey);
    }

    private ApiTestClient api() {
        return new ApiTestClient(client, json);
    }

    private String json(Map<String, Object> value) {
        try {
            return json.writeValueAsString(value);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The records of {@code serviceId} on the topic, once there are at least {@code count}. */
    private List<ServiceConfig> published(String serviceId, int count)
            throws RecordDecodingException {
        List<ConsumerRecord<String, byte[]>> records =
                topics.consumeUntil(
                        topic,
                        read ->
                                read.stream().filter(r -> r.key().equals(serviceId)).count()
                                        >= count,
                        KAFKA_WAIT);
        List<ServiceConfig> configs = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            if (record.key().equals(serviceId)) {
                configs.add(Serdes.serviceConfig().deserialize(record.value()));
            }
        }
        // Everything committed up to now: nothing more than expected arrived.
        long onTopic =
                topics.readCommitted(topic, KAFKA_WAIT).stream()
                        .filter(r -> r.key().equals(serviceId))
                        .count();
        assertThat(onTopic).isEqualTo(configs.size());
        return configs;
    }

    private boolean tableExists(String table) throws SQLException {
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery(
                                "SELECT count(*) FROM information_schema.tables WHERE table_schema"
                                        + " = current_schema() AND table_name = '"
                                        + table
                                        + "'")) {
            rs.next();
            return rs.getLong(1) == 1;
        }
    }
}

package io.costflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.flink.runtime.checkpoint.DefaultCheckpointStatsTracker;
import org.apache.flink.runtime.metrics.MetricNames;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Grafana dashboard is valid JSON and asks Prometheus only for metrics that exist. */
class GrafanaDashboardTest {

    private static final Path DASHBOARD =
            DeployFiles.ROOT.resolve("grafana/costflow-dashboard.json");

    /** How Flink's Prometheus reporter names a metric of each scope. */
    private static final List<String> FLINK_SCOPES =
            List.of(
                    "flink_taskmanager_job_task_operator_",
                    "flink_taskmanager_job_task_",
                    "flink_jobmanager_job_");

    private static final Pattern METRIC =
            Pattern.compile("\\b(flink_[A-Za-z0-9_]+|http_server_requests_seconds_[a-z]+)\\b");
    private static final Pattern REGISTERED_COUNTER = Pattern.compile("\\.counter\\(\"(\\w+)\"\\)");

    private static JsonNode dashboard;
    private static List<String> queries;

    @BeforeAll
    static void load() throws IOException {
        dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        queries = new ArrayList<>();
        dashboard.findValues("expr").forEach(e -> queries.add(e.asText()));
        dashboard.findValues("definition").forEach(e -> queries.add(e.asText()));
    }

    @Test
    void shouldBeADashboardWithQueriesInEveryPanelWhenParsed() {
        assertThat(dashboard.path("uid").asText()).isEqualTo("costflow-overview");
        assertThat(dashboard.path("schemaVersion").asInt()).isPositive();
        List<JsonNode> panels = new ArrayList<>();
        dashboard.path("panels").forEach(panels::add);
        assertThat(panels).hasSizeGreaterThan(10);
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : panels) {
            assertThat(ids.add(panel.path("id").asInt())).as("unique panel id").isTrue();
            if (!"row".equals(panel.path("type").asText())) {
                assertThat(panel.path("targets").size())
                        .as(panel.path("title").asText())
                        .isPositive();
                panel.path("targets")
                        .forEach(t -> assertThat(t.path("expr").asText()).isNotBlank());
            }
        }
    }

    @Test
    void shouldQueryOnlyMetricsThatFlinkOrCostflowRegisterWhenRendered() {
        Set<String> flinkNames = flinkMetricNames();
        Set<String> costflowNames = costflowCounters();
        Set<String> unknown = new TreeSet<>();
        for (String metric : metricsInQueries()) {
            if (metric.startsWith("http_server_requests_seconds_")) {
                // Micrometer's timer as Micronaut names it: count, sum, max and histogram buckets.
                assertThat(metric)
                        .isIn(
                                "http_server_requests_seconds_count",
                                "http_server_requests_seconds_sum",
                                "http_server_requests_seconds_max",
                                "http_server_requests_seconds_bucket");
                continue;
            }
            String name =
                    FLINK_SCOPES.stream()
                            .filter(metric::startsWith)
                            .findFirst()
                            .map(scope -> metric.substring(scope.length()))
                            .orElse(metric);
            if (!flinkNames.contains(name) && !costflowNames.contains(name)) {
                unknown.add(metric);
            }
        }
        assertThat(unknown).isEmpty();
    }

    @Test
    void shouldShowTheDecodersCountersWhenRendered() {
        Set<String> metrics = metricsInQueries();
        for (String counter : List.of("recordsRead", "recordsAccepted", "recordsDeadLettered")) {
            assertThat(costflowCounters()).contains(counter);
            assertThat(metrics).contains("flink_taskmanager_job_task_operator_" + counter);
        }
        assertThat(metrics)
                .contains(
                        "flink_jobmanager_job_" + MetricNames.NUM_RESTARTS,
                        "flink_jobmanager_job_lastCheckpointDuration",
                        "flink_taskmanager_job_task_" + MetricNames.TASK_BACK_PRESSURED_TIME,
                        "flink_taskmanager_job_task_operator_" + MetricNames.PENDING_RECORDS,
                        "http_server_requests_seconds_count",
                        "http_server_requests_seconds_bucket");
    }

    private static Set<String> metricsInQueries() {
        Set<String> metrics = new TreeSet<>();
        for (String query : queries) {
            Matcher m = METRIC.matcher(query);
            while (m.find()) {
                metrics.add(m.group(1));
            }
        }
        return metrics;
    }

    /** Names of the counters costflow's operators register (the pipeline's sources). */
    private static Set<String> costflowCounters() {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> files =
                Files.walk(DeployFiles.ROOT.resolve("pipeline-jobs/src/main/java"))) {
            files.filter(f -> f.toString().endsWith(".java"))
                    .forEach(
                            f -> {
                                Matcher m = REGISTERED_COUNTER.matcher(DeployFiles.read(f));
                                while (m.find()) {
                                    names.add(m.group(1));
                                }
                            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    /** Flink's own metric names: the constants its runtime registers them under. */
    private static Set<String> flinkMetricNames() {
        Set<String> names = new TreeSet<>();
        for (Class<?> type : List.of(MetricNames.class, DefaultCheckpointStatsTracker.class)) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                    try {
                        field.setAccessible(true);
                        names.add((String) field.get(null));
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        return names;
    }
}

package io.costflow.deploy;

import static io.costflow.deploy.DeployFiles.CHART;
import static io.costflow.deploy.DeployFiles.at;
import static io.costflow.deploy.DeployFiles.list;
import static io.costflow.deploy.DeployFiles.map;
import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.costflow.pipeline.CostflowJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Helm chart, linted and rendered by Helm itself (helm-java), checked object by object. */
class HelmChartTest {

    private static final String RELEASE = "costflow";

    @TempDir Path dir;

    @Test
    void shouldPassHelmLintWhenStrict() {
        LintResult result = new Helm(CHART).lint().strict().call();

        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
        assertThat(result.getMessages()).noneMatch(m -> m.contains("[ERROR]"));
    }

    @Test
    void shouldRenderThePipelineAndTheApiAndNoSecretWhenValuesAreDefault() {
        Map<String, Map<String, Object>> objects = render(new Helm(CHART).template());

        assertThat(objects.keySet())
                .containsExactlyInAnyOrder(
                        "FlinkDeployment/costflow-pipeline",
                        "Deployment/costflow-api",
                        "Service/costflow-api",
                        "ConfigMap/costflow-api");
    }

    @Test
    void shouldRunTheJobWithSavepointUpgradesAndTheDefaultResourcesWhenValuesAreDefault() {
        Map<String, Object> flink =
                render(new Helm(CHART).template()).get("FlinkDeployment/costflow-pipeline");

        assertThat(flink.get("apiVersion")).isEqualTo("flink.apache.org/v1beta1");
        assertThat(at(flink, "spec.flinkVersion")).isEqualTo("v2_2");
        assertThat(at(flink, "spec.job.upgradeMode")).isEqualTo("savepoint");
        assertThat(at(flink, "spec.job.state")).isEqualTo("running");
        assertThat(at(flink, "spec.job.parallelism")).isEqualTo(2);
        assertThat(at(flink, "spec.job.entryClass")).isEqualTo(CostflowJob.class.getName());
        // The path deploy/Dockerfile's pipeline image puts the jar at.
        assertThat(DeployFiles.read(DeployFiles.ROOT.resolve("deploy/Dockerfile")))
                .contains(((String) at(flink, "spec.job.jarURI")).substring("local://".length()));
        assertThat(at(flink, "spec.jobManager.resource"))
                .isEqualTo(Map.of("cpu", 1, "memory", "1600m"));
        assertThat(at(flink, "spec.taskManager.resource"))
                .isEqualTo(Map.of("cpu", 1, "memory", "2048m"));
        assertThat(map(at(flink, "spec.taskManager"))).doesNotContainKey("replicas");
        assertThat(volumeNames(flink)).containsExactly("flink-state", "db-password");
    }

    @Test
    void shouldPassOnlyPipelineOptionsWithThePasswordFromTheSecretWhenValuesAreDefault() {
        Map<String, Object> flink =
                render(new Helm(CHART).template()).get("FlinkDeployment/costflow-pipeline");
        List<String> args = list(at(flink, "spec.job.args")).stream().map(String::valueOf).toList();
        Map<String, String> options = DeployFiles.jobArguments(args);

        assertThat(DeployFiles.pipelineOptionKeys()).containsAll(options.keySet());
        assertThat(options)
                .containsEntry("costflow.kafka.bootstrap-servers", "kafka:9092")
                .containsEntry("costflow.jdbc.url", "jdbc:postgresql://postgres:5432/costflow")
                .containsEntry("costflow.jdbc.password-file", "/etc/costflow/db/password")
                .doesNotContainKey("costflow.jdbc.password");
        Map<String, Object> secretVolume = volume(flink, "db-password");
        assertThat(at(secretVolume, "secret.secretName")).isEqualTo("costflow-db");
        assertThat(list(at(secretVolume, "secret.items")))
                .containsExactly(Map.of("key", "password", "path", "password"));
        assertThat(mounts(flink)).containsEntry("db-password", "/etc/costflow/db");
    }

    @Test
    void shouldInlineTheRepositoryFlinkConfigWithoutTheProcessKeysWhenRendered() throws Exception {
        Map<String, Object> flink =
                render(new Helm(CHART).template()).get("FlinkDeployment/costflow-pipeline");
        Map<String, Object> rendered =
                DeployFiles.flatten(map(at(flink, "spec.flinkConfiguration")));

        Map<String, Object> expected =
                DeployFiles.flatten(
                        DeployFiles.yamlMap(
                                DeployFiles.read(
                                        DeployFiles.FLINK_CONF_DIR.resolve("config.yaml"))));
        expected.keySet()
                .removeIf(
                        k ->
                                k.startsWith("rest.")
                                        || k.startsWith("jobmanager.rpc.")
                                        || k.startsWith("jobmanager.memory.")
                                        || k.startsWith("taskmanager.memory.process."));
        assertThat(rendered).containsExactlyInAnyOrderEntriesOf(numbersAsDoubles(expected));

        // And Flink reads the rendered configuration as the cluster's.
        Configuration conf = loadAsFlink(map(at(flink, "spec.flinkConfiguration")));
        assertThat(conf.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("rocksdb");
        assertThat(conf.get(CheckpointingOptions.INCREMENTAL_CHECKPOINTS)).isTrue();
        assertThat(conf.get(RestartStrategyOptions.RESTART_STRATEGY))
                .isEqualTo("exponential-delay");
        assertThat(conf.getString("metrics.reporter.prom.factory.class", null))
                .isEqualTo("org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        assertThat(conf.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY))
                .isEqualTo("file:///var/lib/flink/checkpoints");
        assertThat(mounts(flink)).containsEntry("flink-state", "/var/lib/flink");
    }

    @Test
    void shouldKeepTheChartsConfigACopyOfTheRepositoryConfigWhenEitherChanges() throws Exception {
        assertThat(Files.readString(CHART.resolve("conf/config.yaml")))
                .isEqualTo(Files.readString(DeployFiles.FLINK_CONF_DIR.resolve("config.yaml")));
    }

    @Test
    void shouldGiveTheApiItsEnvironmentFromTheConfigMapAndSecretReferencesWhenValuesAreDefault() {
        Map<String, Map<String, Object>> objects = render(new Helm(CHART).template());
        Map<String, Object> api = objects.get("Deployment/costflow-api");
        Map<String, Object> container = map(list(at(api, "spec.template.spec.containers")).get(0));
        Map<String, Object> configMap = objects.get("ConfigMap/costflow-api");

        assertThat(at(map(list(container.get("envFrom")).get(0)), "configMapRef.name"))
                .isEqualTo("costflow-api");
        Map<String, Map<String, Object>> secretRefs = secretRefs(container);
        assertThat(secretRefs)
                .containsEntry(
                        "COSTFLOW_DB_PASSWORD", Map.of("name", "costflow-db", "key", "password"))
                .containsEntry(
                        "COSTFLOW_ADMIN_KEY",
                        Map.of("name", "costflow-admin-key", "key", "admin-key"));
        Set<String> provided = new TreeSet<>(map(configMap.get("data")).keySet());
        provided.remove("JAVA_TOOL_OPTIONS");
        provided.addAll(secretRefs.keySet());
        assertThat(provided).isEqualTo(DeployFiles.apiEnvironmentVariables());
        assertThat(map(configMap.get("data")))
                .containsEntry("COSTFLOW_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")
                .containsEntry("COSTFLOW_DB_URL", "jdbc:postgresql://postgres:5432/costflow");

        Map<String, Object> service = objects.get("Service/costflow-api");
        assertThat(map(at(api, "spec.template.metadata.labels")))
                .containsAllEntriesOf(map(at(service, "spec.selector")));
        assertThat(map(at(api, "spec.selector.matchLabels")))
                .isEqualTo(map(at(service, "spec.selector")));
        assertThat(map(list(at(service, "spec.ports")).get(0))).containsEntry("targetPort", "http");
        assertThat(map(list(container.get("ports")).get(0)))
                .containsEntry("name", "http")
                .containsEntry("containerPort", 8080);
        assertThat(at(container, "readinessProbe.httpGet.path")).isEqualTo("/health");
        // Scraped where the API serves its metrics, for the dashboard's API panels.
        assertThat(map(at(api, "spec.template.metadata.annotations")))
                .containsEntry("prometheus.io/scrape", "true")
                .containsEntry("prometheus.io/port", "8080")
                .containsEntry("prometheus.io/path", "/prometheus");
    }

    @Test
    void shouldFollowTheValuesWhenTheyAreNotDefault() throws Exception {
        Path values =
                Files.writeString(
                        dir.resolve("values.yaml"),
                        """
                        kafka:
                          bootstrapServers: broker-0.kafka:9093
                        postgres:
                          passwordSecret: {name: pg-app, key: pw}
                        pipeline:
                          parallelism: 6
                          upgradeMode: savepoint
                          checkpointDir: s3://costflow-state/checkpoints
                          savepointDir: s3://costflow-state/savepoints
                          stateVolume: {claimName: ""}
                          options:
                            costflow.window.size: 15min
                          flinkConfiguration:
                            execution:
                              checkpointing:
                                interval: 1min
                          jobManager:
                            resources: {cpu: 2, memory: 4096m}
                          taskManager:
                            replicas: 3
                            resources: {cpu: 4, memory: 8192m}
                        api:
                          replicas: 3
                          adminKeySecret: {name: api-admin, key: key}
                        """);

        Map<String, Map<String, Object>> objects =
                render(new Helm(CHART).template().withValuesFile(values));
        Map<String, Object> flink = objects.get("FlinkDeployment/costflow-pipeline");

        assertThat(at(flink, "spec.job.parallelism")).isEqualTo(6);
        assertThat(at(flink, "spec.job.upgradeMode")).isEqualTo("savepoint");
        assertThat(at(flink, "spec.jobManager.resource"))
                .isEqualTo(Map.of("cpu", 2, "memory", "4096m"));
        assertThat(at(flink, "spec.taskManager.replicas")).isEqualTo(3);
        assertThat(at(flink, "spec.taskManager.resource"))
                .isEqualTo(Map.of("cpu", 4, "memory", "8192m"));
        Map<String, String> options =
                DeployFiles.jobArguments(
                        list(at(flink, "spec.job.args")).stream().map(String::valueOf).toList());
        assertThat(options)
                .containsEntry("costflow.window.size", "15min")
                .containsEntry("costflow.kafka.bootstrap-servers", "broker-0.kafka:9093");
        assertThat(DeployFiles.pipelineOptionKeys()).containsAll(options.keySet());
        assertThat(volumeNames(flink)).containsExactly("db-password");
        assertThat(at(volume(flink, "db-password"), "secret.secretName")).isEqualTo("pg-app");

        Configuration conf = loadAsFlink(map(at(flink, "spec.flinkConfiguration")));
        assertThat(conf.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY))
                .isEqualTo("s3://costflow-state/checkpoints");
        assertThat(conf.get(CheckpointingOptions.SAVEPOINT_DIRECTORY))
                .isEqualTo("s3://costflow-state/savepoints");
        assertThat(conf.get(CheckpointingOptions.CHECKPOINTING_INTERVAL)).hasMinutes(1);
        // What the values do not override stays as the file says.
        assertThat(conf.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("rocksdb");

        Map<String, Object> api = objects.get("Deployment/costflow-api");
        assertThat(at(api, "spec.replicas")).isEqualTo(3);
        Map<String, Object> container = map(list(at(api, "spec.template.spec.containers")).get(0));
        assertThat(secretRefs(container))
                .containsEntry("COSTFLOW_DB_PASSWORD", Map.of("name", "pg-app", "key", "pw"))
                .containsEntry("COSTFLOW_ADMIN_KEY", Map.of("name", "api-admin", "key", "key"));
        assertThat(map(objects.get("ConfigMap/costflow-api").get("data")))
                .containsEntry("COSTFLOW_KAFKA_BOOTSTRAP_SERVERS", "broker-0.kafka:9093");
    }

    private static Map<String, Map<String, Object>> render(
            com.marcnuri.helm.TemplateCommand command) {
        String manifest =
                command.withName(RELEASE)
                        .withNamespace("costflow")
                        .withKubeVersion("1.30.0")
                        .call();
        Map<String, Map<String, Object>> objects = new HashMap<>();
        for (Map<String, Object> document : DeployFiles.yamlDocuments(manifest)) {
            String id = document.get("kind") + "/" + at(document, "metadata.name");
            assertThat(objects.put(id, document)).as("rendered twice: " + id).isNull();
        }
        return objects;
    }

    private Configuration loadAsFlink(Map<String, Object> flinkConfiguration) throws Exception {
        Path confDir = Files.createDirectories(dir.resolve("conf-" + System.nanoTime()));
        Files.writeString(
                confDir.resolve(GlobalConfiguration.FLINK_CONF_FILENAME),
                DeployFiles.yaml().dump(flinkConfiguration));
        return GlobalConfiguration.loadConfiguration(confDir.toString());
    }

    private static List<String> volumeNames(Map<String, Object> flink) {
        return list(at(flink, "spec.podTemplate.spec.volumes")).stream()
                .map(v -> (String) map(v).get("name"))
                .toList();
    }

    private static Map<String, Object> volume(Map<String, Object> flink, String name) {
        return list(at(flink, "spec.podTemplate.spec.volumes")).stream()
                .map(DeployFiles::map)
                .filter(v -> name.equals(v.get("name")))
                .findFirst()
                .orElseThrow();
    }

    private static Map<String, String> mounts(Map<String, Object> flink) {
        Map<String, Object> container =
                map(list(at(flink, "spec.podTemplate.spec.containers")).get(0));
        assertThat(container.get("name")).isEqualTo("flink-main-container");
        Map<String, String> mounts = new HashMap<>();
        list(container.get("volumeMounts"))
                .forEach(
                        m ->
                                mounts.put(
                                        (String) map(m).get("name"),
                                        (String) map(m).get("mountPath")));
        return mounts;
    }

    private static Map<String, Map<String, Object>> secretRefs(Map<String, Object> container) {
        Map<String, Map<String, Object>> refs = new HashMap<>();
        for (Object env : list(container.get("env"))) {
            Object ref = at(map(env), "valueFrom.secretKeyRef");
            if (ref != null) {
                refs.put((String) map(env).get("name"), map(ref));
            }
        }
        return refs;
    }

    /** Helm's fromYaml reads every number as a float64; Flink parses either the same. */
    private static Map<String, Object> numbersAsDoubles(Map<String, Object> flat) {
        Map<String, Object> out = new HashMap<>();
        flat.forEach((k, v) -> out.put(k, v instanceof Number n ? normalize(n) : v));
        return out;
    }

    private static Object normalize(Number n) {
        double d = n.doubleValue();
        return d == Math.rint(d) ? (Object) (int) d : (Object) d;
    }
}

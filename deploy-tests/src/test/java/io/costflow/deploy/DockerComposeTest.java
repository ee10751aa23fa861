package io.costflow.deploy;

import static io.costflow.deploy.DeployFiles.ROOT;
import static io.costflow.deploy.DeployFiles.at;
import static io.costflow.deploy.DeployFiles.list;
import static io.costflow.deploy.DeployFiles.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.costflow.schemas.Topics;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml cannot run here (no Docker engine), so this checks that it is well-formed and
 * that every service, port, variable, option and file it names exists and agrees with the code.
 */
class DockerComposeTest {

    private static Map<String, Object> compose;
    private static Map<String, Object> services;

    @BeforeAll
    static void load() {
        compose = DeployFiles.yamlMap(DeployFiles.read(DeployFiles.COMPOSE));
        services = map(compose.get("services"));
    }

    @Test
    void shouldDeclareTheStackWithImagesOrBuildsWhenParsed() {
        assertThat(services)
                .containsOnlyKeys(
                        "kafka",
                        "kafka-topics",
                        "postgres",
                        "jobmanager",
                        "taskmanager",
                        "query-api",
                        "job-submitter");
        assertThat(compose.keySet())
                .allMatch(
                        k ->
                                Set.of("name", "services", "volumes", "secrets").contains(k)
                                        || k.startsWith("x-"));
        // Each service names its image; costflow's own are built (and tagged) from the repo.
        services.forEach((name, service) -> assertThat(map(service)).as(name).containsKey("image"));
        assertThat(service("query-api")).containsKey("build");
        assertThat(service("job-submitter")).containsKey("build");
    }

    @Test
    void shouldRunOfficialImagesOfTheVersionsTheCodeIsBuiltAgainstWhenNotBuiltHere() {
        String kafka = "apache/kafka:" + AppInfoParser.getVersion();
        String flink = "flink:" + EnvironmentInformation.getVersion() + "-java17";
        assertThat(image("kafka")).isEqualTo(kafka);
        assertThat(image("kafka-topics")).isEqualTo(kafka);
        assertThat(image("jobmanager")).isEqualTo(flink);
        assertThat(image("taskmanager")).isEqualTo(flink);
        assertThat(image("postgres")).startsWith("postgres:");
    }

    @Test
    void shouldBuildCostflowImagesFromStagesOfTheDockerfileWhenBuilt() {
        String dockerfile = DeployFiles.read(ROOT.resolve("deploy/Dockerfile"));
        for (String name : List.of("query-api", "job-submitter")) {
            Map<String, Object> build = map(service(name).get("build"));
            assertThat(ROOT.resolve((String) build.get("context")).normalize()).isEqualTo(ROOT);
            assertThat(ROOT.resolve((String) build.get("dockerfile"))).isRegularFile();
            assertThat(dockerfile).contains(" AS " + build.get("target") + "\n");
        }
        // The stages package what the modules build.
        String pipelinePom = DeployFiles.read(ROOT.resolve("pipeline-jobs/pom.xml"));
        assertThat(pipelinePom)
                .contains("<shadedClassifierName>job</shadedClassifierName>")
                .contains("<mainClass>io.costflow.pipeline.CostflowJob</mainClass>");
        assertThat(dockerfile)
                .contains("cp pipeline-jobs/target/pipeline-jobs-*-job.jar /out/costflow-job.jar")
                .contains("/opt/flink/usrlib/costflow-job.jar");
        Matcher mainClass =
                Pattern.compile("\"(io\\.costflow\\.api\\.\\w+)\"\\]").matcher(dockerfile);
        assertThat(mainClass.find()).isTrue();
        assertThat(
                        ROOT.resolve(
                                "query-api/src/main/java/"
                                        + mainClass.group(1).replace('.', '/')
                                        + ".java"))
                .isRegularFile();
    }

    @Test
    void shouldMountFilesThatExistAndVolumesThatAreDeclaredWhenStarted() {
        Set<String> declared = map(compose.get("volumes")).keySet();
        Set<String> used = new HashSet<>();
        services.forEach(
                (name, service) -> {
                    for (Object volume : list(map(service).get("volumes"))) {
                        String[] parts = ((String) volume).split(":");
                        if (parts[0].startsWith(".") || parts[0].startsWith("/")) {
                            assertThat(ROOT.resolve(parts[0]).normalize()).as(name).exists();
                        } else {
                            assertThat(declared).as(name).contains(parts[0]);
                            used.add(parts[0]);
                        }
                    }
                });
        assertThat(used).isEqualTo(declared);
    }

    @Test
    void shouldGiveTheFlinkProcessesTheRepositoryConfigWhenTheyStart() throws Exception {
        // The submitter's client builds the job graph (checkpointing, restarts) from it too.
        for (String name : List.of("jobmanager", "taskmanager", "job-submitter")) {
            Map<String, Object> service = service(name);
            List<Object> volumes = list(service.get("volumes"));
            assertThat(volumes).contains("./flink-conf:/costflow/flink-conf:ro");
            String entrypoint = String.join(" ", strings(service.get("entrypoint")));
            Matcher copy =
                    Pattern.compile("cp (/costflow/flink-conf/\\S+) (\\S+)").matcher(entrypoint);
            assertThat(copy.find()).isTrue();
            Path source =
                    ROOT.resolve(
                            "flink-conf/"
                                    + copy.group(1).substring("/costflow/flink-conf/".length()));
            assertThat(source)
                    .isRegularFile()
                    .isEqualTo(DeployFiles.FLINK_CONF_DIR.resolve("config.yaml"));
            assertThat(copy.group(2)).isEqualTo("/opt/flink/conf/config.yaml");
        }
        for (String name : List.of("jobmanager", "taskmanager")) {
            assertThat(map(service(name).get("environment")))
                    .containsEntry("JOB_MANAGER_RPC_ADDRESS", "jobmanager");
        }
        // Checkpoints and savepoints land on the volume every Flink process shares.
        Configuration conf = DeployFiles.flinkConf();
        String stateMount = "flink-state:/var/lib/flink";
        assertThat(list(service("jobmanager").get("volumes"))).contains(stateMount);
        assertThat(list(service("taskmanager").get("volumes"))).contains(stateMount);
        assertThat(new URI(conf.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY)).getPath())
                .startsWith("/var/lib/flink/");
        assertThat(new URI(conf.get(CheckpointingOptions.SAVEPOINT_DIRECTORY)).getPath())
                .startsWith("/var/lib/flink/");
    }

    @Test
    void shouldPublishThePortsTheConfigurationsListenOnWhenStarted() {
        Configuration conf = DeployFiles.flinkConf();
        assertThat(list(service("jobmanager").get("ports")))
                .contains(conf.get(RestOptions.PORT) + ":" + conf.get(RestOptions.PORT));
        String[] reporterPorts = conf.getString("metrics.reporter.prom.port", "").split("-");
        String healthcheck =
                String.join(" ", strings(at(service("taskmanager"), "healthcheck.test")));
        assertThat(healthcheck).contains("/dev/tcp/127.0.0.1/" + reporterPorts[0] + " ");
        // The API listens on Micronaut's default port unless its application.yml says otherwise.
        assertThat(DeployFiles.read(DeployFiles.API_APPLICATION_YML))
                .doesNotContainPattern("(?m)^\\s*port:");
        assertThat(list(service("query-api").get("ports"))).contains("8080:8080");
        assertThat(String.join(" ", strings(at(service("query-api"), "healthcheck.test"))))
                .contains("/dev/tcp/127.0.0.1/8080 ")
                .contains("GET /health ");
        assertThat(list(service("postgres").get("ports"))).contains("5432:5432");
    }

    @Test
    void shouldCheckTheHealthOfEveryLongRunningServiceWhenStarted() {
        services.forEach(
                (name, service) -> {
                    Map<String, Object> s = map(service);
                    if (!"no".equals(s.get("restart"))) {
                        assertThat(strings(at(s, "healthcheck.test"))).as(name).isNotEmpty();
                    }
                    map(s.get("depends_on"))
                            .forEach(
                                    (dependency, condition) -> {
                                        assertThat(services).as(name).containsKey(dependency);
                                        if ("service_healthy"
                                                .equals(map(condition).get("condition"))) {
                                            assertThat(at(service(dependency), "healthcheck.test"))
                                                    .as(name + " waits for " + dependency)
                                                    .isNotNull();
                                        }
                                    });
                });
    }

    @Test
    void shouldSetExactlyTheEnvironmentTheApiReadsWhenItStarts() {
        Map<String, Object> env = map(service("query-api").get("environment"));
        assertThat(env.keySet()).isEqualTo(DeployFiles.apiEnvironmentVariables());
        assertThat(env.get("COSTFLOW_KAFKA_BOOTSTRAP_SERVERS")).isEqualTo(kafkaBootstrap());
        assertThat(env.get("COSTFLOW_DB_URL")).isEqualTo(jdbcUrl());
        assertThat(env.get("COSTFLOW_DB_USER"))
                .isEqualTo(at(service("postgres"), "environment.POSTGRES_USER"));
        assertThat(env.get("COSTFLOW_DB_PASSWORD"))
                .isEqualTo(at(service("postgres"), "environment.POSTGRES_PASSWORD"));
    }

    @Test
    void shouldPassOnlyPipelineOptionsThatPointAtTheComposeServicesWhenSubmittingTheJob() {
        List<String> tokens = tokens(service("job-submitter").get("entrypoint"));
        Map<String, String> args = DeployFiles.jobArguments(tokens);

        assertThat(DeployFiles.pipelineOptionKeys()).containsAll(args.keySet());
        assertThat(args)
                .containsEntry("costflow.kafka.bootstrap-servers", kafkaBootstrap())
                .containsEntry("costflow.jdbc.url", jdbcUrl())
                .containsEntry(
                        "costflow.jdbc.user",
                        (String) at(service("postgres"), "environment.POSTGRES_USER"));
        // The password comes from the compose secret, from the variable PostgreSQL gets too.
        String secret = (String) list(service("job-submitter").get("secrets")).get(0);
        assertThat(args).containsEntry("costflow.jdbc.password-file", "/run/secrets/" + secret);
        assertThat(at(compose, "secrets." + secret + ".environment"))
                .isEqualTo("COSTFLOW_DB_PASSWORD");
        assertThat((String) at(service("postgres"), "environment.POSTGRES_PASSWORD"))
                .startsWith("${COSTFLOW_DB_PASSWORD");
        // The jar the image holds, submitted to the JobManager's REST port.
        assertThat(tokens).contains("/opt/flink/usrlib/costflow-job.jar", "jobmanager:8081");
    }

    @Test
    void shouldCreateEveryTopicTheCodeNamesWithACompactedServiceConfigTopicWhenStarted() {
        String script = String.join(" ", strings(service("kafka-topics").get("entrypoint")));
        Matcher created = Pattern.compile("costflow\\.[a-z.-]+\\.v\\d+").matcher(script);
        Set<String> topics = new HashSet<>();
        while (created.find()) {
            topics.add(created.group());
        }
        assertThat(topics).containsExactlyInAnyOrderElementsOf(Topics.ALL);
        assertThat(script)
                .contains(
                        "--topic "
                                + Topics.SERVICE_CONFIG
                                + " --partitions 1 --replication-factor 1 --config"
                                + " cleanup.policy=compact");
        assertThat(script).contains("--bootstrap-server " + kafkaBootstrap());
    }

    @Test
    void shouldAdvertiseTheBootstrapAddressTheOtherServicesUseWhenKafkaRuns() {
        Map<String, Object> env = map(service("kafka").get("environment"));
        assertThat((String) env.get("KAFKA_ADVERTISED_LISTENERS"))
                .contains("PLAINTEXT://" + kafkaBootstrap());
        assertThat((String) env.get("KAFKA_PROCESS_ROLES")).isEqualTo("broker,controller");
        assertThat(at(service("kafka"), "hostname")).isEqualTo(kafkaBootstrap().split(":")[0]);
        // The exactly-once sink's transaction timeout (10 min by default) must be allowed.
        assertThat(((Number) env.get("KAFKA_TRANSACTION_MAX_TIMEOUT_MS")).longValue())
                .isGreaterThanOrEqualTo(
                        io.costflow.pipeline.PipelineOptions.KAFKA_TRANSACTION_TIMEOUT
                                .defaultValue()
                                .toMillis());
    }

    private static String kafkaBootstrap() {
        return "kafka:9092";
    }

    private static String jdbcUrl() {
        return "jdbc:postgresql://postgres:5432/"
                + at(service("postgres"), "environment.POSTGRES_DB");
    }

    private static Map<String, Object> service(String name) {
        assertThat(services).containsKey(name);
        return map(services.get(name));
    }

    private static String image(String name) {
        return (String) service(name).get("image");
    }

    private static List<String> strings(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof String s) {
            out.add(s);
        } else {
            list(value).forEach(v -> out.add(String.valueOf(v)));
        }
        return out;
    }

    /** A command line split at whitespace, as the shell does for these plain words. */
    private static List<String> tokens(Object command) {
        List<String> out = new ArrayList<>();
        for (String part : strings(command)) {
            out.addAll(Arrays.asList(part.trim().split("\\s+")));
        }
        return out;
    }

    @Test
    void shouldParseWithoutDuplicateKeysWhenRead() throws Exception {
        // yaml() refuses duplicate keys; this loads every compose document strictly.
        assertThat(DeployFiles.yaml().loadAll(Files.readString(DeployFiles.COMPOSE))).hasSize(1);
    }
}

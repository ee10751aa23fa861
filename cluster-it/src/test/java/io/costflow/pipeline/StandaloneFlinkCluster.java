package io.costflow.pipeline;

import io.costflow.infra.FreePorts;
import io.costflow.infra.junit.Await;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint;
import org.apache.flink.runtime.jobmanager.JobManagerProcessSpec;
import org.apache.flink.runtime.jobmanager.JobManagerProcessUtils;
import org.apache.flink.runtime.rest.FileUpload;
import org.apache.flink.runtime.rest.RestClient;
import org.apache.flink.runtime.rest.handler.legacy.messages.ClusterOverviewWithVersion;
import org.apache.flink.runtime.rest.messages.ClusterOverviewHeaders;
import org.apache.flink.runtime.rest.messages.EmptyMessageParameters;
import org.apache.flink.runtime.rest.messages.EmptyRequestBody;
import org.apache.flink.runtime.rest.messages.MessagePathParameter;
import org.apache.flink.runtime.rest.util.RestConstants;
import org.apache.flink.runtime.taskexecutor.TaskManagerRunner;
import org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils;
import org.apache.flink.runtime.webmonitor.handlers.JarIdPathParameter;
import org.apache.flink.runtime.webmonitor.handlers.JarRunHeaders;
import org.apache.flink.runtime.webmonitor.handlers.JarRunMessageParameters;
import org.apache.flink.runtime.webmonitor.handlers.JarRunRequestBody;
import org.apache.flink.runtime.webmonitor.handlers.JarUploadHeaders;

/**
 * A Flink session cluster as {@code bin/start-cluster.sh} starts it: a JobManager and a TaskManager
 * in their own JVMs, on Flink's jars alone, configured by a {@code config.yaml} in a {@code
 * --configDir} plus {@code -D} dynamic properties, with the JVM options and memory flags Flink's
 * scripts derive from that configuration. Jobs are submitted and stopped through its REST API.
 */
final class StandaloneFlinkCluster implements AutoCloseable {

    /**
     * {@code env.java.opts.all} of the distribution's default config.yaml: what Flink needs opened
     * on Java 17, used when the configuration names no JVM options of its own.
     */
    private static final String DISTRIBUTION_JAVA_OPTS =
            "--add-exports=java.base/sun.net.util=ALL-UNNAMED"
                    + " --add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED"
                    + " --add-exports=jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED"
                    + " --add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED"
                    + " --add-exports=jdk.compiler/com.sun.tools.javac.parser=ALL-UNNAMED"
                    + " --add-exports=jdk.compiler/com.sun.tools.javac.tree=ALL-UNNAMED"
                    + " --add-exports=jdk.compiler/com.sun.tools.javac.util=ALL-UNNAMED"
                    + " --add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED"
                    + " --add-opens=java.base/java.lang=ALL-UNNAMED"
                    + " --add-opens=java.base/java.net=ALL-UNNAMED"
                    + " --add-opens=java.base/java.io=ALL-UNNAMED"
                    + " --add-opens=java.base/java.nio=ALL-UNNAMED"
                    + " --add-opens=java.base/sun.nio.ch=ALL-UNNAMED"
                    + " --add-opens=java.base/java.lang.reflect=ALL-UNNAMED"
                    + " --add-opens=java.base/java.text=ALL-UNNAMED"
                    + " --add-opens=java.base/java.time=ALL-UNNAMED"
                    + " --add-opens=java.base/java.util=ALL-UNNAMED"
                    + " --add-opens=java.base/java.util.concurrent=ALL-UNNAMED"
                    + " --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED"
                    + " --add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED";

    private static final String LOG4J_PROPERTIES =
            String.join(
                    "\n",
                    "rootLogger.level = INFO",
                    "rootLogger.appenderRef.file.ref = MainAppender",
                    "appender.main.name = MainAppender",
                    "appender.main.type = File",
                    "appender.main.append = true",
                    "appender.main.fileName = ${sys:log.file}",
                    "appender.main.layout.type = PatternLayout",
                    "appender.main.layout.pattern = %d{HH:mm:ss,SSS} %-5p %-60c %x - %m%n",
                    "");

    private final Path configDir;
    private final Path logDir;
    private final String classpath;
    private final Map<String, String> dynamicProperties;
    private final int restPort;
    private final List<Process> processes = new ArrayList<>();
    private final ExecutorService restExecutor = Executors.newSingleThreadExecutor();
    private RestClusterClient<StandaloneClusterId> client;
    private RestClient restClient;

    private StandaloneFlinkCluster(
            Path configDir,
            Path logDir,
            String classpath,
            Map<String, String> dynamicProperties,
            int restPort) {
        this.configDir = configDir;
        this.logDir = logDir;
        this.classpath = classpath;
        this.dynamicProperties = dynamicProperties;
        this.restPort = restPort;
    }

    /**
     * Starts a JobManager and a TaskManager and returns once the TaskManager's slots are
     * registered.
     *
     * @param flinkConf the directory of the deployment's {@code config.yaml}, copied unchanged
     * @param classpath Flink's jars, as a distribution's {@code lib/} holds them
     * @param workDir where the cluster keeps its configuration, checkpoints, savepoints and temp
     *     files
     * @param logDir where each process writes its {@code .log} and {@code .out}
     * @param overrides settings that replace the configuration's for this machine
     */
    static StandaloneFlinkCluster start(
            Path flinkConf,
            String classpath,
            Path workDir,
            Path logDir,
            Map<String, String> overrides)
            throws Exception {
        Path configDir = Files.createDirectories(workDir.resolve("conf"));
        Files.copy(
                flinkConf.resolve(GlobalConfiguration.FLINK_CONF_FILENAME),
                configDir.resolve(GlobalConfiguration.FLINK_CONF_FILENAME),
                StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(configDir.resolve("log4j.properties"), LOG4J_PROPERTIES);
        Files.createDirectories(logDir);

        int restPort = FreePorts.pick();
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("jobmanager.rpc.address", "localhost");
        properties.put("jobmanager.rpc.port", Integer.toString(FreePorts.pick()));
        properties.put("jobmanager.bind-host", "localhost");
        properties.put("rest.address", "localhost");
        properties.put("rest.bind-address", "localhost");
        properties.put("rest.port", Integer.toString(restPort));
        properties.put("taskmanager.host", "localhost");
        properties.put("taskmanager.bind-host", "localhost");
        properties.put("io.tmp.dirs", Files.createDirectories(workDir.resolve("tmp")).toString());
        properties.put(
                "web.upload.dir", Files.createDirectories(workDir.resolve("upload")).toString());
        properties.putAll(overrides);

        StandaloneFlinkCluster cluster =
                new StandaloneFlinkCluster(configDir, logDir, classpath, properties, restPort);
        try {
            cluster.startJobManager();
            cluster.startTaskManager();
            cluster.connect();
            cluster.awaitSlots(
                    Integer.parseInt(
                            properties.getOrDefault("taskmanager.numberOfTaskSlots", "1")));
        } catch (Exception | AssertionError e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** Uploads a job jar through {@code POST /jars/upload}; returns its id on the cluster. */
    String upload(Path jar) throws Exception {
        String stored =
                restClient
                        .sendRequest(
                                "localhost",
                                restPort,
                                JarUploadHeaders.getInstance(),
                                EmptyMessageParameters.getInstance(),
                                EmptyRequestBody.getInstance(),
                                List.of(new FileUpload(jar, RestConstants.CONTENT_TYPE_JAR)))
                        .get(60, TimeUnit.SECONDS)
                        .getFilename();
        return Path.of(stored).getFileName().toString();
    }

    /**
     * Runs an uploaded jar's main class through {@code POST /jars/:jarid/run}, from {@code
     * savepoint} if not null.
     */
    JobID run(String jarId, List<String> args, int parallelism, String savepoint) throws Exception {
        JarRunMessageParameters parameters =
                JarRunHeaders.getInstance().getUnresolvedMessageParameters();
        for (MessagePathParameter<?> parameter : parameters.getPathParameters()) {
            if (parameter instanceof JarIdPathParameter jarIdParameter) {
                jarIdParameter.resolve(jarId);
            }
        }
        JarRunRequestBody body =
                new JarRunRequestBody(
                        null, args, parallelism, null, false, savepoint, null, Map.of());
        return client.sendRequest(JarRunHeaders.getInstance(), parameters, body)
                .get(120, TimeUnit.SECONDS)
                .getJobId();
    }

    JobStatus status(JobID job) throws Exception {
        return client.getJobStatus(job).get(30, TimeUnit.SECONDS);
    }

    /**
     * Stops {@code job} with a canonical savepoint into the configured savepoint directory, without
     * draining (an upgrade, not an end of input); returns the savepoint's path.
     */
    String stopWithSavepoint(JobID job) throws Exception {
        return client.stopWithSavepoint(job, false, null, SavepointFormatType.CANONICAL)
                .get(120, TimeUnit.SECONDS);
    }

    /** Fails with the end of each process's log when a cluster process has died. */
    void assertProcessesAlive() {
        for (Process process : processes) {
            if (!process.isAlive()) {
                throw new AssertionError(
                        "a Flink process exited with "
                                + process.exitValue()
                                + "; see the logs in "
                                + logDir);
            }
        }
    }

    Path logDir() {
        return logDir;
    }

    /** Kills the processes and waits for them to end, so no JVM outlives the test. */
    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
        if (restClient != null) {
            restClient.closeAsync();
        }
        restExecutor.shutdownNow();
        for (Process process : processes) {
            process.destroyForcibly();
        }
        for (Process process : processes) {
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void startJobManager() throws IOException {
        Configuration config = loadConfiguration();
        JobManagerProcessSpec memory = JobManagerProcessUtils.processSpecFromConfig(config);
        List<String> jvmOptions = new ArrayList<>();
        jvmOptions.addAll(split(JobManagerProcessUtils.generateJvmParametersStr(memory, config)));
        jvmOptions.addAll(split(config.get(CoreOptions.FLINK_JM_JVM_OPTIONS)));
        launch(
                "jobmanager",
                StandaloneSessionClusterEntrypoint.class.getName(),
                jvmOptions,
                List.of());
    }

    private void startTaskManager() throws IOException {
        Configuration config = loadConfiguration();
        TaskExecutorProcessSpec memory = TaskExecutorProcessUtils.processSpecFromConfig(config);
        List<String> jvmOptions = new ArrayList<>();
        jvmOptions.addAll(split(ProcessMemoryUtils.generateJvmParametersStr(memory)));
        jvmOptions.addAll(split(config.get(CoreOptions.FLINK_TM_JVM_OPTIONS)));
        // The derived memory sizes, as taskmanager.sh passes them: TaskManagerRunner requires them.
        launch(
                "taskmanager",
                TaskManagerRunner.class.getName(),
                jvmOptions,
                split(TaskExecutorProcessUtils.generateDynamicConfigsStr(memory)));
    }

    private void launch(
            String name, String mainClass, List<String> jvmOptions, List<String> extraArgs)
            throws IOException {
        Configuration config = loadConfiguration();
        String commonOptions = config.get(CoreOptions.FLINK_JVM_OPTIONS);
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        command.addAll(jvmOptions);
        command.addAll(split(commonOptions.isBlank() ? DISTRIBUTION_JAVA_OPTS : commonOptions));
        command.add("-Dlog.file=" + logDir.resolve(name + ".log"));
        command.add("-Dlog4j.configurationFile=file:" + configDir.resolve("log4j.properties"));
        command.add("-classpath");
        command.add(classpath);
        command.add(mainClass);
        command.add("--configDir");
        command.add(configDir.toString());
        dynamicProperties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(extraArgs);
        File out = logDir.resolve(name + ".out").toFile();
        processes.add(
                new ProcessBuilder(command)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(out))
                        .redirectError(ProcessBuilder.Redirect.appendTo(out))
                        .start());
    }

    private void connect() throws Exception {
        Configuration config = loadConfiguration();
        client = new RestClusterClient<>(config, StandaloneClusterId.getInstance());
        restClient = new RestClient(config, restExecutor);
    }

    private void awaitSlots(int slots) {
        Await.until(
                "the TaskManager registered " + slots + " slots with the JobManager",
                Duration.ofSeconds(120),
                () -> {
                    assertProcessesAlive();
                    try {
                        ClusterOverviewWithVersion overview =
                                client.sendRequest(
                                                ClusterOverviewHeaders.getInstance(),
                                                EmptyMessageParameters.getInstance(),
                                                EmptyRequestBody.getInstance())
                                        .get(10, TimeUnit.SECONDS);
                        return overview.getNumSlotsAvailable() >= slots;
                    } catch (Exception notYetUp) {
                        return false;
                    }
                });
    }

    /** The configuration the processes see: config.yaml overlaid with the dynamic properties. */
    private Configuration loadConfiguration() {
        return GlobalConfiguration.loadConfiguration(
                configDir.toString(), Configuration.fromMap(dynamicProperties));
    }

    private static List<String> split(String options) {
        return options == null || options.isBlank()
                ? List.of()
                : Arrays.asList(options.trim().split("\\s+"));
    }
}

package io.costflow.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.TaskManagerOptions;

/**
 * Cluster settings for a job run in-process (the embedded stack and tests): the cluster's own
 * {@code flink-conf/config.yaml}, bundled in this jar, with only what an in-process run must change
 * — local checkpoint and savepoint directories, a shorter checkpoint interval and restart backoff,
 * managed memory for the MiniCluster, and none of the keys that describe a cluster's processes.
 */
public final class EmbeddedFlinkConfig {

    /** Where the build puts {@code flink-conf/config.yaml} on the classpath. */
    public static final String RESOURCE =
            "costflow/flink-conf/" + GlobalConfiguration.FLINK_CONF_FILENAME;

    /**
     * Keys (or prefixes) that describe a cluster's processes: addresses, ports, process sizes,
     * slots, reporters. A MiniCluster given {@code rest.port} would bind it instead of a free port.
     */
    private static final List<String> CLUSTER_ONLY_KEYS =
            List.of(
                    "jobmanager.",
                    "taskmanager.numberOfTaskSlots",
                    "taskmanager.bind-host",
                    "taskmanager.memory.process.size",
                    "rest.",
                    "metrics.reporter.",
                    "parallelism.default");

    private EmbeddedFlinkConfig() {}

    /**
     * @param checkpointDir where checkpoints go; savepoints go to its {@code savepoints} directory
     * @param checkpointInterval how often to checkpoint
     */
    public static Configuration create(Path checkpointDir, Duration checkpointInterval) {
        Configuration config = cluster();
        config.keySet().stream()
                .filter(key -> CLUSTER_ONLY_KEYS.stream().anyMatch(key::startsWith))
                .toList()
                .forEach(config::removeKey);
        config.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointDir.toUri().toString());
        config.set(
                CheckpointingOptions.SAVEPOINT_DIRECTORY,
                checkpointDir.resolve("savepoints").toUri().toString());
        config.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, checkpointInterval);
        config.set(CheckpointingOptions.MIN_PAUSE_BETWEEN_CHECKPOINTS, Duration.ZERO);
        // The MiniCluster has no process size to take a fraction of; its default (128 MiB per
        // TaskManager) starves RocksDB.
        config.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(512));
        // Same strategy as the cluster, but a test that breaks the job fails within seconds.
        config.set(
                RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF,
                Duration.ofSeconds(2));
        config.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS, 3);
        config.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_JITTER_FACTOR, 0.0);
        return config;
    }

    /**
     * The cluster's configuration exactly as {@code flink-conf/config.yaml} says, read by Flink.
     */
    public static Configuration cluster() {
        try (InputStream in =
                EmbeddedFlinkConfig.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(
                        RESOURCE + " is not on the classpath; build pipeline-jobs with Maven");
            }
            // Flink's loader reads a directory, so the bundled file is copied to a private one.
            Path dir = Files.createTempDirectory("costflow-flink-conf");
            Path file = dir.resolve(GlobalConfiguration.FLINK_CONF_FILENAME);
            try {
                Files.copy(in, file);
                return GlobalConfiguration.loadConfiguration(dir.toString());
            } finally {
                Files.deleteIfExists(file);
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}

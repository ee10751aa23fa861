package io.costflow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded runs use the cluster's own config.yaml, changed only where in-process must. */
class EmbeddedFlinkConfigTest {

    @TempDir Path checkpoints;

    @Test
    void shouldBundleTheRepositoryFileWhenBuilt() throws Exception {
        byte[] bundled;
        try (InputStream in =
                getClass().getClassLoader().getResourceAsStream(EmbeddedFlinkConfig.RESOURCE)) {
            assertThat(in).isNotNull();
            bundled = in.readAllBytes();
        }
        // Surefire runs in the module directory.
        assertThat(bundled).isEqualTo(Files.readAllBytes(Path.of("../flink-conf/config.yaml")));
    }

    @Test
    void shouldTakeStateBackendCheckpointingAndRestartStrategyFromTheFileWhenEmbedded() {
        Configuration config = EmbeddedFlinkConfig.create(checkpoints, Duration.ofSeconds(1));

        assertThat(config.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("rocksdb");
        assertThat(config.get(CheckpointingOptions.INCREMENTAL_CHECKPOINTS)).isTrue();
        assertThat(config.get(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE))
                .isEqualTo(CheckpointingMode.EXACTLY_ONCE);
        assertThat(config.get(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION))
                .isEqualTo(ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        assertThat(config.get(RestartStrategyOptions.RESTART_STRATEGY))
                .isEqualTo("exponential-delay");
        assertThat(
                        config.get(
                                RestartStrategyOptions
                                        .RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF))
                .isEqualTo(Duration.ofSeconds(1));
        assertThat(config.get(org.apache.flink.configuration.PipelineOptions.GENERIC_TYPES))
                .isFalse();
        assertThat(config.get(org.apache.flink.configuration.PipelineOptions.OBJECT_REUSE))
                .isTrue();
    }

    @Test
    void shouldUseLocalDirectoriesShortIntervalsAndABoundedRestartWhenEmbedded() {
        Configuration config = EmbeddedFlinkConfig.create(checkpoints, Duration.ofMillis(500));

        assertThat(config.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY))
                .isEqualTo(checkpoints.toUri().toString());
        assertThat(config.get(CheckpointingOptions.SAVEPOINT_DIRECTORY))
                .isEqualTo(checkpoints.resolve("savepoints").toUri().toString());
        assertThat(config.get(CheckpointingOptions.CHECKPOINTING_INTERVAL))
                .isEqualTo(Duration.ofMillis(500));
        assertThat(config.get(CheckpointingOptions.MIN_PAUSE_BETWEEN_CHECKPOINTS))
                .isEqualTo(Duration.ZERO);
        assertThat(config.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS))
                .isEqualTo(3);
        assertThat(
                        config.get(
                                RestartStrategyOptions
                                        .RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF))
                .isEqualTo(Duration.ofSeconds(2));
        assertThat(config.get(TaskManagerOptions.MANAGED_MEMORY_SIZE))
                .isEqualTo(MemorySize.ofMebiBytes(512));
    }

    @Test
    void shouldDropTheClusterProcessKeysWhenEmbedded() {
        Configuration cluster = EmbeddedFlinkConfig.cluster();
        assertThat(cluster.get(RestOptions.PORT)).isEqualTo(8081);
        assertThat(cluster.getString("metrics.reporter.prom.factory.class", null))
                .isEqualTo("org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        assertThat(cluster.get(TaskManagerOptions.NUM_TASK_SLOTS)).isEqualTo(2);
        assertThat(cluster.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY))
                .isEqualTo("file:///var/lib/flink/checkpoints");

        Configuration embedded = EmbeddedFlinkConfig.create(checkpoints, Duration.ofSeconds(1));

        // A MiniCluster given rest.port binds it instead of a free port; parallel runs collide.
        assertThat(embedded.contains(RestOptions.PORT)).isFalse();
        assertThat(embedded.contains(RestOptions.BIND_PORT)).isFalse();
        assertThat(embedded.keySet()).noneMatch(key -> key.startsWith("metrics.reporter."));
        assertThat(embedded.keySet()).noneMatch(key -> key.startsWith("jobmanager."));
        assertThat(embedded.contains(TaskManagerOptions.NUM_TASK_SLOTS)).isFalse();
        assertThat(embedded.contains(TaskManagerOptions.TOTAL_PROCESS_MEMORY)).isFalse();
    }
}

package io.costflow.pipeline;

import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;

/**
 * Cluster settings for a job run in-process (the embedded stack and tests): what a real cluster
 * takes from its {@code config.yaml}. RocksDB with incremental checkpoints, as in production, and a
 * bounded restart strategy so a broken job fails instead of retrying forever.
 */
public final class EmbeddedFlinkConfig {

    private EmbeddedFlinkConfig() {}

    /**
     * @param checkpointDir where checkpoints go
     * @param checkpointInterval how often to checkpoint
     */
    public static Configuration create(Path checkpointDir, Duration checkpointInterval) {
        Configuration config = new Configuration();
        config.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        config.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        config.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointDir.toUri().toString());
        config.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, checkpointInterval);
        // Kept when the job is cancelled, so the embedded stack resumes from it after a restart.
        config.set(
                CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        // RocksDB's block cache and write buffers come from managed memory; the MiniCluster's
        // default (128 MiB per TaskManager) starves them.
        config.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(512));
        // No function mutates its input, so chained operators may pass objects without copies.
        config.set(org.apache.flink.configuration.PipelineOptions.OBJECT_REUSE, true);
        // Fail instead of silently falling back to Kryo for any type in the job.
        config.set(org.apache.flink.configuration.PipelineOptions.GENERIC_TYPES, false);
        config.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        config.set(
                RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(1));
        return config;
    }
}

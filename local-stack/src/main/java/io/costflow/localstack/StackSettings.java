package io.costflow.localstack;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How the embedded stack runs.
 *
 * @param dataDir where Kafka, PostgreSQL, checkpoints and the scenario's state keep their data
 * @param kafkaPort the embedded broker's port, 0 for any free one
 * @param postgresPort the embedded PostgreSQL's port, 0 for any free one
 * @param apiPort the API's port, 0 for any free one
 * @param kafkaBootstrapServers an existing Kafka to use instead of the embedded broker, or null
 * @param database an existing PostgreSQL to use instead of the embedded one, or null
 * @param windowSize the cost window length, in simulated time
 * @param parallelism the Flink job's parallelism
 * @param workload what the demo generates or replays
 */
public record StackSettings(
        Path dataDir,
        int kafkaPort,
        int postgresPort,
        int apiPort,
        String kafkaBootstrapServers,
        Database database,
        Duration windowSize,
        int parallelism,
        WorkloadSettings workload) {

    /** A PostgreSQL database: the embedded one, or an existing one given on the command line. */
    public record Database(String jdbcUrl, String user, String password) {}

    /** Everything embedded on free ports, 15-minute windows, parallelism 2. */
    public static StackSettings embedded(Path dataDir, WorkloadSettings workload) {
        return new StackSettings(dataDir, 0, 0, 0, null, null, Duration.ofMinutes(15), 2, workload);
    }

    public StackSettings withWindowSize(Duration window) {
        return new StackSettings(
                dataDir,
                kafkaPort,
                postgresPort,
                apiPort,
                kafkaBootstrapServers,
                database,
                window,
                parallelism,
                workload);
    }

    public StackSettings withParallelism(int newParallelism) {
        return new StackSettings(
                dataDir,
                kafkaPort,
                postgresPort,
                apiPort,
                kafkaBootstrapServers,
                database,
                windowSize,
                newParallelism,
                workload);
    }

    /** The same stack on an existing Kafka and PostgreSQL instead of the embedded ones. */
    public StackSettings withExternal(String bootstrapServers, Database externalDatabase) {
        return new StackSettings(
                dataDir,
                kafkaPort,
                postgresPort,
                apiPort,
                bootstrapServers,
                externalDatabase,
                windowSize,
                parallelism,
                workload);
    }
}

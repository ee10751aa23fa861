package io.costflow.localstack;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How the embedded stack runs.
 *
 * @param dataDir where Kafka, PostgreSQL and checkpoints keep their data
 * @param kafkaPort the broker's port, 0 for any free one
 * @param postgresPort PostgreSQL's port, 0 for any free one
 * @param apiPort the API's port, 0 for any free one
 * @param windowSize the cost window length (seconds in the demo, an hour in production)
 * @param scrapeInterval the generated telemetry's scrape interval
 * @param services how many synthetic services to generate
 * @param parallelism the Flink job's parallelism
 */
public record StackSettings(
        Path dataDir,
        int kafkaPort,
        int postgresPort,
        int apiPort,
        Duration windowSize,
        Duration scrapeInterval,
        int services,
        int parallelism) {}

package io.costflow.api;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * The Kafka cluster the API publishes to, under {@code costflow.kafka}.
 *
 * @param bootstrapServers comma-separated {@code host:port} list
 */
@ConfigurationProperties("costflow.kafka")
public record KafkaConfiguration(String bootstrapServers) {}

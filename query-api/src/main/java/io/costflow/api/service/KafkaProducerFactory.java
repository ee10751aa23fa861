package io.costflow.api.service;

import io.costflow.api.ApiConfiguration;
import io.costflow.api.KafkaConfiguration;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The Kafka producer of the service-config topic. */
@Factory
class KafkaProducerFactory {

    static final String SERVICE_CONFIG = "service-config";

    @Singleton
    @Named(SERVICE_CONFIG)
    @Bean(preDestroy = "close")
    Producer<String, byte[]> serviceConfigProducer(KafkaConfiguration kafka, ApiConfiguration api) {
        int timeoutMs = Math.toIntExact(api.kafkaSendTimeout().toMillis());
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        kafka.bootstrapServers(),
                        ProducerConfig.CLIENT_ID_CONFIG,
                        "costflow-query-api",
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true,
                        ProducerConfig.LINGER_MS_CONFIG,
                        0,
                        // A PUT waits for its record; every step of a send is bounded by the same
                        // timeout, so a broker that is down fails the request instead of hanging
                        // it.
                        ProducerConfig.MAX_BLOCK_MS_CONFIG,
                        timeoutMs,
                        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                        timeoutMs,
                        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                        timeoutMs),
                new StringSerializer(),
                new ByteArraySerializer());
    }
}

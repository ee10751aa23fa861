package io.costflow.api.service;

import io.costflow.api.ApiConfiguration;
import io.costflow.schemas.Decimals;
import io.costflow.schemas.ServiceConfig;
import io.costflow.schemas.serde.RecordSerde;
import io.costflow.schemas.serde.Serdes;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Publishes service configs to the compacted service-config topic, key = service id, and waits for
 * the broker's acknowledgement so the caller can commit only what Kafka has.
 */
@Singleton
public class ServiceConfigPublisher {

    /** Kafka did not acknowledge a record in time; it may or may not have been written. */
    public static final class PublishException extends RuntimeException {
        PublishException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * What a caller is told when a publish failed. Without an acknowledgement nothing is stored,
     * but the record may still have reached the topic (the acknowledgement was what got lost), and
     * the pipeline would then run a config PostgreSQL does not have. Any later change of the
     * service replaces it on the topic, and the retry of the same request restores agreement with
     * the same content.
     */
    public static final String RETRY_ADVICE =
            "It was not stored, but may have reached the topic anyway; retry the same request"
                    + " until it succeeds, so the stored config and the published one agree.";

    private static final RecordSerde<ServiceConfig> SERDE = Serdes.serviceConfig();

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final Duration timeout;

    ServiceConfigPublisher(
            @Named(KafkaProducerFactory.SERVICE_CONFIG) Producer<String, byte[]> producer,
            ApiConfiguration config) {
        this.producer = producer;
        this.topic = config.serviceConfigTopic();
        // The producer gives up after the send timeout itself; the margin lets its verdict arrive.
        this.timeout = config.kafkaSendTimeout().plusSeconds(2);
    }

    public String topic() {
        return topic;
    }

    /** Sends the config and blocks until the broker acknowledged it. */
    public void publish(ServiceConfigRow row) {
        byte[] value = SERDE.serialize(record(row));
        try {
            producer.send(new ProducerRecord<>(topic, row.serviceId(), value))
                    .get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException("interrupted while publishing " + row.serviceId(), e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            throw new PublishException(
                    "cannot publish version "
                            + row.version()
                            + " of "
                            + row.serviceId()
                            + " to "
                            + topic,
                    e);
        }
    }

    static ServiceConfig record(ServiceConfigRow row) {
        return ServiceConfig.newBuilder()
                .setServiceId(row.serviceId())
                .setOwner(row.owner())
                .setAvailabilityTarget(row.availabilityTarget())
                .setLatencyThresholdMs(row.latencyThresholdMs())
                .setLatencyTarget(row.latencyTarget())
                .setMonthlyBudget(
                        row.monthlyBudget() == null
                                ? null
                                : Decimals.normalize(row.monthlyBudget()))
                .setBudgetCurrency(row.currency())
                .setBudgetTimeZone(row.budgetTimeZone())
                .setInstanceType(row.instanceType())
                .setReplicas(row.replicas())
                .setVersion(row.version())
                .setUpdatedAt(row.updatedAt())
                .setDeployedAt(row.deployedAt())
                .build();
    }
}

package io.costflow.ingest;

import io.costflow.schemas.BillingLineItem;
import io.costflow.schemas.serde.RecordSerde;
import io.costflow.schemas.serde.Serdes;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes line items to the billing topic as DESIGN.md specifies: key = lineItemId, value = the
 * Avro single-object encoding. Idempotent with acks from all in-sync replicas, so a retried send is
 * neither lost nor duplicated; re-running an ingest is safe anyway, since the same lineItemId again
 * replaces the earlier line.
 */
public final class KafkaBillingSink implements BillingSink {

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final RecordSerde<BillingLineItem> serde = Serdes.billing();

    private KafkaBillingSink(KafkaProducer<String, byte[]> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    /**
     * A sink to {@code topic}, after checking that the broker answers and the topic exists.
     *
     * @param producerProperties further producer settings (security, compression, ...); they cannot
     *     turn off acks=all or idempotence
     * @param timeout how long to wait for the broker when connecting and when a send blocks
     * @throws KafkaException if the broker cannot be reached or has no such topic within {@code
     *     timeout}
     */
    public static KafkaBillingSink connect(
            String bootstrapServers,
            String topic,
            Map<String, String> producerProperties,
            Duration timeout) {
        Map<String, Object> config = new HashMap<>(producerProperties);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
        KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
        try {
            // Fails within max.block.ms if the broker is unreachable or the topic is missing,
            // instead of every send failing one by one.
            producer.partitionsFor(topic);
        } catch (KafkaException e) {
            producer.close(Duration.ZERO);
            throw e;
        }
        return new KafkaBillingSink(producer, topic);
    }

    @Override
    public void send(BillingLineItem item, Consumer<Exception> acknowledged) {
        try {
            producer.send(
                    new ProducerRecord<>(topic, item.getLineItemId(), serde.serialize(item)),
                    (metadata, exception) -> acknowledged.accept(exception));
        } catch (RuntimeException e) {
            // The producer reports most failures through the callback; what it throws instead
            // (a closed producer, a record it cannot take) fails this item the same way.
            acknowledged.accept(e);
        }
    }

    @Override
    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}

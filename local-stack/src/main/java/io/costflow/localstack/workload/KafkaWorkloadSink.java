package io.costflow.localstack.workload;

import io.costflow.schemas.BillingLineItem;
import io.costflow.schemas.TelemetryEvent;
import io.costflow.schemas.serde.RecordSerde;
import io.costflow.schemas.serde.Serdes;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Writes generated records to the telemetry and billing topics, keyed as DESIGN.md says. */
public final class KafkaWorkloadSink implements WorkloadSink, AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final String telemetryTopic;
    private final String billingTopic;
    private final RecordSerde<TelemetryEvent> telemetrySerde = Serdes.telemetry();
    private final RecordSerde<BillingLineItem> billingSerde = Serdes.billing();
    private final AtomicLong telemetrySent = new AtomicLong();
    private final AtomicLong billingSent = new AtomicLong();
    private final AtomicLong restatementsSent = new AtomicLong();

    public KafkaWorkloadSink(String bootstrapServers, String telemetryTopic, String billingTopic) {
        this.producer =
                new KafkaProducer<>(
                        Map.of(
                                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                bootstrapServers,
                                ProducerConfig.ACKS_CONFIG,
                                "all",
                                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                                true,
                                ProducerConfig.LINGER_MS_CONFIG,
                                20),
                        new StringSerializer(),
                        new ByteArraySerializer());
        this.telemetryTopic = telemetryTopic;
        this.billingTopic = billingTopic;
    }

    @Override
    public void telemetry(TelemetryEvent event) {
        producer.send(
                new ProducerRecord<>(
                        telemetryTopic, event.getResourceId(), telemetrySerde.serialize(event)));
        telemetrySent.incrementAndGet();
    }

    @Override
    public void billing(BillingLineItem line) {
        producer.send(
                new ProducerRecord<>(
                        billingTopic, line.getLineItemId(), billingSerde.serialize(line)));
        billingSent.incrementAndGet();
    }

    @Override
    public void restatement(BillingLineItem line) {
        billing(line);
        restatementsSent.incrementAndGet();
    }

    /** Blocks until everything sent so far is acknowledged. */
    public void flush() {
        producer.flush();
    }

    public long telemetrySent() {
        return telemetrySent.get();
    }

    /** Billing lines sent, restatements included. */
    public long billingSent() {
        return billingSent.get();
    }

    public long restatementsSent() {
        return restatementsSent.get();
    }

    @Override
    public void close() {
        producer.close();
    }
}

package io.costflow.examples;

import io.costflow.schemas.BudgetAlert;
import io.costflow.schemas.SlaAlert;
import io.costflow.schemas.Topics;
import io.costflow.schemas.serde.RecordDecodingException;
import io.costflow.schemas.serde.Serdes;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The README's alert subscriber: reads both alert topics, decodes them with costflow's serdes and
 * hands each alert on once, de-duplicating by alertId (delivery is at-least-once).
 */
public final class AlertSubscriber implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final Set<String> seen = new LinkedHashSet<>();

    public AlertSubscriber(String bootstrapServers, String groupId) {
        consumer =
                new KafkaConsumer<>(
                        Map.of(
                                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                                ConsumerConfig.GROUP_ID_CONFIG, groupId,
                                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                        new StringDeserializer(),
                        new ByteArrayDeserializer());
        consumer.subscribe(List.of(Topics.SLA_ALERTS, Topics.BUDGET_ALERTS));
    }

    /** Polls once and passes every alert not seen before to the matching handler. */
    public void poll(Consumer<SlaAlert> onSla, Consumer<BudgetAlert> onBudget)
            throws RecordDecodingException {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
            if (r.topic().equals(Topics.SLA_ALERTS)) {
                SlaAlert alert = Serdes.slaAlert().deserialize(r.value());
                if (seen.add(alert.getAlertId())) {
                    onSla.accept(alert);
                }
            } else {
                BudgetAlert alert = Serdes.budgetAlert().deserialize(r.value());
                if (seen.add(alert.getAlertId())) {
                    onBudget.accept(alert);
                }
            }
        }
    }

    @Override
    public void close() {
        consumer.close();
    }

    /** Prints every alert of the local stack's broker ({@code localhost:9092} unless given). */
    public static void main(String[] args) throws Exception {
        String servers = args.length > 0 ? args[0] : "localhost:9092";
        try (AlertSubscriber subscriber = new AlertSubscriber(servers, "alert-printer")) {
            while (true) {
                subscriber.poll(
                        sla ->
                                System.out.printf(
                                        "%s %s %s %s burn %.1f/%.1f%n",
                                        sla.getServiceId(),
                                        sla.getSloKind(),
                                        sla.getState(),
                                        sla.getSeverity(),
                                        sla.getLongWindowBurnRate(),
                                        sla.getShortWindowBurnRate()),
                        budget ->
                                System.out.printf(
                                        "%s %s %s %d%%: %s%n",
                                        budget.getScope(),
                                        budget.getScopeId(),
                                        budget.getKind(),
                                        budget.getThresholdPercent(),
                                        budget.getMessage()));
            }
        }
    }
}

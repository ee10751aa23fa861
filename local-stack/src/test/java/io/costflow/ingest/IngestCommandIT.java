package io.costflow.ingest;

import static io.costflow.ingest.FocusFixtures.BILLED_COST_OF_USABLE_ROWS;
import static io.costflow.ingest.FocusFixtures.BROKEN_ROWS;
import static io.costflow.ingest.FocusFixtures.MESSY_EXPORT;
import static io.costflow.ingest.FocusFixtures.USABLE_ROWS;
import static org.assertj.core.api.Assertions.assertThat;

import io.costflow.cli.CostflowCommand;
import io.costflow.infra.junit.CostflowInfraExtension;
import io.costflow.infra.junit.TestTopics;
import io.costflow.schemas.BillingLineItem;
import io.costflow.schemas.serde.RecordDecodingException;
import io.costflow.schemas.serde.RecordSerde;
import io.costflow.schemas.serde.Serdes;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code costflow ingest} against a real broker, with the messy export of a real cloud. */
@ExtendWith(CostflowInfraExtension.class)
class IngestCommandIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final RecordSerde<BillingLineItem> SERDE = Serdes.billing();

    @TempDir Path dir;

    @Test
    void shouldPublishEveryUsableRowAndReportTheBrokenOnesWhenTheExportIsMessy(TestTopics topics)
            throws Exception {
        String topic = topics.create("billing", 2);
        Path rejects = dir.resolve("rejects.csv");

        Run run = ingest(topics, topic, "--rejects", rejects.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(topicSize(topics, topic)).isEqualTo(USABLE_ROWS);
        List<ConsumerRecord<String, byte[]>> records =
                topics.consumeUntil(topic, read -> read.size() >= USABLE_ROWS, TIMEOUT);
        List<BillingLineItem> items = decode(records);
        assertThat(items).hasSize(USABLE_ROWS);
        for (int i = 0; i < records.size(); i++) {
            assertThat(records.get(i).key()).isEqualTo(items.get(i).getLineItemId());
        }
        assertThat(items.stream().map(BillingLineItem::getLineItemId)).doesNotHaveDuplicates();
        assertThat(
                        items.stream()
                                .map(BillingLineItem::getBilledCost)
                                .reduce(BigDecimal.ZERO, BigDecimal::add))
                .isEqualTo(BILLED_COST_OF_USABLE_ROWS);

        assertThat(run.out())
                .contains("  rows read    13")
                .contains("  published    8 (billed cost 873.192222211225 USD)")
                .contains("  rejected     5")
                .contains("  send failed  0");
        for (FocusFixtures.BrokenRow broken : BROKEN_ROWS) {
            assertThat(run.out())
                    .containsPattern(
                            "row "
                                    + broken.row()
                                    + " +"
                                    + broken.code()
                                    + " +\\Q"
                                    + broken.reason()
                                    + "\\E");
        }
        assertThat(Files.readAllLines(rejects)).hasSize(1 + BROKEN_ROWS.size());
        assertThat(run.err()).isEmpty();
    }

    @Test
    void shouldPublishTheSameKeysWhenTheSameExportIsIngestedAgain(TestTopics topics)
            throws Exception {
        String topic = topics.create("billing", 2);

        assertThat(ingest(topics, topic).exit()).isZero();
        assertThat(ingest(topics, topic).exit()).isZero();

        List<ConsumerRecord<String, byte[]>> records =
                topics.consumeUntil(topic, read -> read.size() >= 2 * USABLE_ROWS, TIMEOUT);
        assertThat(records).hasSize(2 * USABLE_ROWS);
        // Downstream, the second copy of each key is a restatement that replaces the first.
        Set<String> keys = records.stream().map(ConsumerRecord::key).collect(Collectors.toSet());
        assertThat(keys).hasSize(USABLE_ROWS);
    }

    @Test
    void shouldExitWithFailureWhenNoRowCanBePublished(TestTopics topics) throws IOException {
        String topic = topics.create("billing", 1);
        List<String> lines = Files.readAllLines(FocusFixtures.path(MESSY_EXPORT));
        Path brokenOnly = dir.resolve("broken-only.csv");
        Files.write(brokenOnly, List.of(lines.get(0), lines.get(5), lines.get(13)));

        Run run = ingestFile(topics, topic, brokenOnly);

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out())
                .contains("  published    0")
                .contains("  rejected     2")
                .containsPattern("row 2 +invalid-number")
                .containsPattern("row 3 +wrong-currency")
                .contains("Nothing was published.");
        assertThat(topicSize(topics, topic)).isZero();
    }

    @Test
    void shouldFailNamingTheRejectsFileWhenItCannotBeWritten(TestTopics topics) {
        String topic = topics.create("billing", 1);
        Path rejects = dir.resolve("no-such-dir").resolve("rejects.csv");

        Run run = ingest(topics, topic, "--rejects", rejects.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).startsWith("costflow ingest: cannot write " + rejects + ": ");
        assertThat(topicSize(topics, topic)).isZero();
    }

    private record Run(int exit, String out, String err) {}

    private static Run ingest(TestTopics topics, String topic, String... options) {
        return ingestFile(topics, topic, FocusFixtures.path(MESSY_EXPORT), options);
    }

    private static Run ingestFile(TestTopics topics, String topic, Path file, String... options) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "ingest",
                                "--bootstrap-servers",
                                topics.bootstrapServers(),
                                "--topic",
                                topic,
                                "--currency",
                                "USD",
                                "--service-tag",
                                "service",
                                "--progress",
                                "NEVER"));
        args.addAll(List.of(options));
        args.add(file.toString());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new CostflowCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    /** Records in the topic, from its end offsets: exact, with no wait for "nothing more". */
    private static long topicSize(TestTopics topics, String topic) {
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(
                        Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, topics.bootstrapServers()),
                        new StringDeserializer(),
                        new ByteArrayDeserializer())) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic).stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .toList();
            return consumer.endOffsets(partitions).values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
        }
    }

    private static List<BillingLineItem> decode(List<ConsumerRecord<String, byte[]>> records)
            throws RecordDecodingException {
        List<BillingLineItem> items = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            items.add(SERDE.deserialize(record.value()));
        }
        return items;
    }
}

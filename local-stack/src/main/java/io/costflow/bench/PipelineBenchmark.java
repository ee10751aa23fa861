package io.costflow.bench;

import io.costflow.infra.DatabaseMigrations;
import io.costflow.infra.EmbeddedKafkaBroker;
import io.costflow.infra.EmbeddedPostgresServer;
import io.costflow.localstack.workload.BillingFeed;
import io.costflow.localstack.workload.DemoScenario;
import io.costflow.localstack.workload.KafkaWorkloadSink;
import io.costflow.localstack.workload.WorkloadGenerator;
import io.costflow.pipeline.CostWindowJob;
import io.costflow.pipeline.EmbeddedFlinkConfig;
import io.costflow.pipeline.PipelineOptions;
import io.costflow.schemas.serde.RecordDecodingException;
import io.costflow.schemas.serde.Serdes;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Measures the cost-window job against a baseline in one run, on the same pre-loaded topics of a
 * real broker: (a) a plain {@link KafkaConsumer} that only reads and decodes the records, (b) the
 * job from Kafka to its sinks as deployed (RocksDB, exactly-once Kafka, JDBC upserts), (c) the job
 * on the heap state backend, (d) the job with an at-least-once cost-window sink. The machine is
 * shared and noisy, so the ratios are the result; single rates are context.
 */
public final class PipelineBenchmark {

    /** One measured variant. */
    public record Result(String name, long records, Duration elapsed) {
        double perSecond() {
            return records / (elapsed.toNanos() / 1e9);
        }
    }

    private final Path dataDir;
    private final int services;
    private final Duration span;
    private final int parallelism;
    private final int repeat;
    private final PrintWriter out;
    private int runs;

    /**
     * @param repeat rounds of (a, b, c, d), interleaved so that a slow spell of a shared machine
     *     hits every variant alike; each variant's median is reported
     */
    public PipelineBenchmark(
            Path dataDir,
            int services,
            Duration span,
            int parallelism,
            int repeat,
            PrintWriter out) {
        this.dataDir = dataDir;
        this.services = services;
        this.span = span;
        this.parallelism = parallelism;
        this.repeat = repeat;
        this.out = out;
    }

    public List<Result> run() throws Exception {
        Files.createDirectories(dataDir);
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(dataDir.resolve("kafka"), 0);
                EmbeddedPostgresServer postgres =
                        EmbeddedPostgresServer.start(dataDir.resolve("postgres"), 0)) {
            kafka.createTopics(
                    List.of(
                            new NewTopic("bench.telemetry", parallelism, (short) 1),
                            new NewTopic("bench.billing", parallelism, (short) 1),
                            new NewTopic("bench.dead-letter", 1, (short) 1)));
            long records = preload(kafka);
            out.printf(
                    "pre-loaded %,d records (%d services, %s of 15 s scrapes)%n",
                    records, services, span);
            out.flush();

            // A discarded run first, so the JIT has compiled the job's code for every variant.
            report(
                    measureJob(
                            "warm-up (discarded)",
                            kafka,
                            postgres,
                            records,
                            "rocksdb",
                            DeliveryGuarantee.EXACTLY_ONCE));
            List<List<Result>> rounds = new ArrayList<>();
            for (int round = 0; round < repeat; round++) {
                List<Result> r = new ArrayList<>();
                r.add(report(measureConsumerBaseline(kafka, records)));
                r.add(
                        report(
                                measureJob(
                                        "b: job, RocksDB, exactly-once",
                                        kafka,
                                        postgres,
                                        records,
                                        "rocksdb",
                                        DeliveryGuarantee.EXACTLY_ONCE)));
                r.add(
                        report(
                                measureJob(
                                        "c: job, heap state backend",
                                        kafka,
                                        postgres,
                                        records,
                                        "hashmap",
                                        DeliveryGuarantee.EXACTLY_ONCE)));
                r.add(
                        report(
                                measureJob(
                                        "d: job, at-least-once sink",
                                        kafka,
                                        postgres,
                                        records,
                                        "rocksdb",
                                        DeliveryGuarantee.AT_LEAST_ONCE)));
                rounds.add(r);
            }
            List<Result> results = new ArrayList<>();
            for (int variant = 0; variant < 4; variant++) {
                int v = variant;
                results.add(
                        rounds.stream()
                                .map(r -> r.get(v))
                                .sorted(java.util.Comparator.comparingDouble(Result::perSecond))
                                .toList()
                                .get((repeat - 1) / 2));
            }
            if (repeat > 1) {
                out.printf("%nmedian of %d interleaved rounds:%n", repeat);
                results.forEach(this::report);
            }

            double a = results.get(0).perSecond();
            double b = results.get(1).perSecond();
            out.printf(
                    "%nb/a = %.1f %%   (job vs. read-and-decode baseline; target >= 35 %%)%n",
                    100 * b / a);
            out.printf(
                    "b/c = %.1f %%   (RocksDB vs. heap state)%n",
                    100 * b / results.get(2).perSecond());
            out.printf(
                    "b/d = %.1f %%   (exactly-once vs. at-least-once cost-window sink)%n",
                    100 * b / results.get(3).perSecond());
            out.flush();
            return results;
        }
    }

    private long preload(EmbeddedKafkaBroker kafka) {
        Instant start = Instant.parse("2026-11-01T00:00:00Z");
        // One billing line per scrape, as many billing records as telemetry, none restated: the
        // benchmark measures throughput, not the demo's story.
        BillingFeed perScrape =
                new BillingFeed(
                        Duration.ofSeconds(15),
                        Duration.ofSeconds(15),
                        Duration.ofSeconds(30),
                        0,
                        BigDecimal.ONE);
        WorkloadGenerator generator =
                new WorkloadGenerator(
                        DemoScenario.services(services),
                        start,
                        Duration.ofSeconds(15),
                        perScrape,
                        1L);
        try (KafkaWorkloadSink sink =
                new KafkaWorkloadSink(
                        kafka.bootstrapServers(), "bench.telemetry", "bench.billing")) {
            generator.emit(start, start.plus(span), sink);
            sink.flush();
            return sink.telemetrySent() + sink.billingSent();
        }
    }

    /** (a): read both topics to their end and decode every record, nothing else. */
    private Result measureConsumerBaseline(EmbeddedKafkaBroker kafka, long expected)
            throws RecordDecodingException {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        long read = 0;
        long start = System.nanoTime();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of("bench.telemetry", "bench.billing")) {
                for (int p = 0; p < parallelism; p++) {
                    partitions.add(new TopicPartition(topic, p));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.topic().equals("bench.telemetry")) {
                        Serdes.telemetry().deserialize(r.value());
                    } else {
                        Serdes.billing().deserialize(r.value());
                    }
                    read++;
                }
            }
        }
        if (read != expected) {
            throw new IllegalStateException("baseline read " + read + " of " + expected);
        }
        return new Result(
                "a: KafkaConsumer read + decode",
                read,
                Duration.ofNanos(System.nanoTime() - start));
    }

    /** (b)–(d): the job, bounded, from the first record to its end, sinks included. */
    private Result measureJob(
            String name,
            EmbeddedKafkaBroker kafka,
            EmbeddedPostgresServer postgres,
            long records,
            String stateBackend,
            DeliveryGuarantee guarantee)
            throws Exception {
        int run = ++runs;
        String schema = "bench_" + run;
        try (Connection c = postgres.dataSource().getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        DatabaseMigrations.migrate(
                postgres.jdbcUrl(schema), EmbeddedPostgresServer.USER, "", schema);
        String costWindows = "bench.cost-windows." + run;
        kafka.createTopics(List.of(new NewTopic(costWindows, parallelism, (short) 1)));

        Configuration options = new Configuration();
        options.set(PipelineOptions.KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        options.set(PipelineOptions.KAFKA_GROUP_ID, "bench-" + run);
        options.set(PipelineOptions.TELEMETRY_TOPIC, "bench.telemetry");
        options.set(PipelineOptions.BILLING_TOPIC, "bench.billing");
        options.set(PipelineOptions.DEAD_LETTER_TOPIC, "bench.dead-letter");
        options.set(PipelineOptions.COST_WINDOWS_TOPIC, costWindows);
        options.set(
                PipelineOptions.TRANSACTIONAL_ID_PREFIX, "bench-" + run + "-" + System.nanoTime());
        options.set(PipelineOptions.BOUNDED, true);
        options.set(PipelineOptions.WINDOW_SIZE, Duration.ofMinutes(5));
        options.set(PipelineOptions.JDBC_URL, postgres.jdbcUrl(schema));
        options.set(PipelineOptions.JDBC_USER, EmbeddedPostgresServer.USER);
        options.set(PipelineOptions.JDBC_PASSWORD, "");

        Configuration flink =
                EmbeddedFlinkConfig.create(
                        dataDir.resolve("checkpoints-" + run), Duration.ofSeconds(10));
        flink.set(StateBackendOptions.STATE_BACKEND, stateBackend);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(parallelism, flink);
        CostWindowJob.fromOptions(options, guarantee).defineWorkflow(env);
        long start = System.nanoTime();
        env.execute("bench-" + run);
        return new Result(name, records, Duration.ofNanos(System.nanoTime() - start));
    }

    private Result report(Result r) {
        out.printf(
                "%-36s %,12d records in %6.1f s = %,10.0f records/s%n",
                r.name(), r.records(), r.elapsed().toMillis() / 1000.0, r.perSecond());
        out.flush();
        return r;
    }
}

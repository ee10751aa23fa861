package io.costflow.bench;

import io.costflow.infra.EmbeddedKafkaBroker;
import io.costflow.infra.EmbeddedPostgresServer;
import io.costflow.pipeline.CostflowJob;
import io.costflow.pipeline.EmbeddedFlinkConfig;
import io.costflow.pipeline.PipelineOptions;
import io.costflow.schemas.Decimals;
import io.costflow.schemas.LatencyHistogram;
import io.costflow.schemas.ServiceConfig;
import io.costflow.schemas.TelemetryEvent;
import io.costflow.schemas.serde.Serdes;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Alert latency on the whole costflow job (RocksDB, checkpoints, exactly-once cost windows, JDBC
 * sinks) under background load: from producing the telemetry that crosses an SLO threshold — a
 * probe service's one-second window with 10 % errors, sent together with the records that close
 * that window on every partition — to its {@code SlaAlert} being read by a consumer. Every round
 * also carries {@code --services} background services' telemetry through the same windows. The
 * baseline, measured in the same rounds on the same broker, is a plain produce → consume round trip
 * of one record.
 */
public final class AlertLatencyBenchmark {

    private static final String TELEMETRY = "bench.telemetry";
    private static final String SLA = "bench.alerts.sla";
    private static final String PING = "bench.ping";
    private static final int PARTITIONS = 2;
    private static final Duration WINDOW = Duration.ofSeconds(1);

    private final Path dataDir;
    private final int services;
    private final int rounds;
    private final Duration pause;
    private final PrintWriter out;

    /**
     * @param services background services, each one sample per window
     * @param rounds measured rounds (a tenth more are run first and discarded)
     * @param pause wall time between rounds
     */
    public AlertLatencyBenchmark(
            Path dataDir, int services, int rounds, Duration pause, PrintWriter out) {
        this.dataDir = dataDir;
        this.services = services;
        this.rounds = rounds;
        this.pause = pause;
        this.out = out;
    }

    /** Latencies in milliseconds: the alerts' and the baseline's, in round order. */
    public record Latencies(List<Double> alert, List<Double> baseline) {}

    public Latencies run() throws Exception {
        Files.createDirectories(dataDir);
        int warmUp = Math.max(5, rounds / 10);
        int total = warmUp + rounds;
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(dataDir.resolve("kafka"), 0);
                EmbeddedPostgresServer postgres =
                        EmbeddedPostgresServer.start(dataDir.resolve("postgres"), 0)) {
            postgres.createMigratedSchema("bench");
            Configuration options = options(kafka, postgres);
            kafka.createTopics(
                    List.of(
                            new NewTopic(TELEMETRY, PARTITIONS, (short) 1),
                            new NewTopic("bench.billing", PARTITIONS, (short) 1),
                            new NewTopic("bench.service-config", 1, (short) 1),
                            new NewTopic("bench.dead-letter", 1, (short) 1),
                            new NewTopic("bench.cost-windows", PARTITIONS, (short) 1),
                            new NewTopic(SLA, PARTITIONS, (short) 1),
                            new NewTopic("bench.alerts.budget", PARTITIONS, (short) 1),
                            new NewTopic(PING, 1, (short) 1)));
            try (KafkaProducer<String, byte[]> producer = producer(kafka)) {
                for (int r = 0; r < total; r++) {
                    ServiceConfig config = probeConfig("probe-" + r);
                    producer.send(
                            new ProducerRecord<>(
                                    "bench.service-config",
                                    config.getServiceId(),
                                    Serdes.serviceConfig().serialize(config)));
                }
                producer.flush();
            }

            Configuration flink =
                    EmbeddedFlinkConfig.create(
                            dataDir.resolve("checkpoints"), Duration.ofSeconds(10));
            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.createLocalEnvironment(PARTITIONS, flink);
            CostflowJob.fromOptions(options).defineWorkflow(env);
            JobClient job = env.executeAsync("bench-alerts");
            Map<String, Long> received = new ConcurrentHashMap<>();
            AtomicBoolean reading = new AtomicBoolean(true);
            Thread reader = new Thread(() -> read(kafka, received, reading), "bench-reader");
            reader.start();
            try (KafkaProducer<String, byte[]> producer = producer(kafka)) {
                Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
                List<Double> alert = new ArrayList<>();
                List<Double> baseline = new ArrayList<>();
                // Window 0 is background only, so the probes' windows all close the same way.
                sendWindow(producer, start, 0, null);
                for (int r = 0; r < total; r++) {
                    String probe = "probe-" + r;
                    long sent = System.nanoTime();
                    sendWindow(producer, start, r + 1, probe);
                    producer.send(new ProducerRecord<>(PING, "ping-" + r, new byte[] {1}));
                    producer.flush();
                    long deadline = sent + Duration.ofSeconds(60).toNanos();
                    while ((!received.containsKey(probe) || !received.containsKey("ping-" + r))
                            && System.nanoTime() < deadline) {
                        LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
                    }
                    if (!received.containsKey(probe)) {
                        throw new IllegalStateException("no alert for " + probe + " within 60 s");
                    }
                    if (r >= warmUp) {
                        alert.add((received.get(probe) - sent) / 1e6);
                        baseline.add((received.get("ping-" + r) - sent) / 1e6);
                    }
                    LockSupport.parkNanos(pause.toNanos());
                }
                report(alert, baseline);
                return new Latencies(alert, baseline);
            } finally {
                reading.set(false);
                reader.join();
                job.cancel().get();
                // Cancel only asks; wait until the tasks have stopped, so no sink flushes into the
                // database or broker after they close.
                job.getJobExecutionResult()
                        .handle((result, failure) -> null)
                        .get(60, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * Window {@code w}'s telemetry: every background service, the probe (if any) with 10 % errors,
     * and on every partition a record of window w + 1 that moves the watermark past window w — the
     * background services' next samples, spread over the partitions.
     */
    private void sendWindow(
            KafkaProducer<String, byte[]> producer, Instant start, int w, String probe) {
        Instant windowStart = start.plus(WINDOW.multipliedBy(w));
        if (probe != null) {
            send(producer, 0, sample(probe, windowStart, 1000, 100));
        }
        for (int s = 0; s < services; s++) {
            send(producer, s % PARTITIONS, sample("background-" + s, windowStart, 1000, 0));
        }
        for (int p = 0; p < PARTITIONS; p++) {
            send(producer, p, sample("clock-" + p, windowStart.plus(WINDOW), 1, 0));
        }
    }

    private static void send(
            KafkaProducer<String, byte[]> producer, int partition, TelemetryEvent e) {
        producer.send(
                new ProducerRecord<>(
                        TELEMETRY, partition, e.getServiceId(), Serdes.telemetry().serialize(e)));
    }

    private static TelemetryEvent sample(
            String serviceId, Instant windowStart, long requests, long errors) {
        // A one-second scrape ending a second after its window starts: its event time is the start.
        return TelemetryEvent.newBuilder()
                .setEventId(serviceId + "/" + windowStart.toEpochMilli())
                .setServiceId(serviceId)
                .setResourceId(serviceId + "-1")
                .setInstanceType("m6i.large")
                .setRegion("eu-west-1")
                .setTimestamp(windowStart.plus(WINDOW))
                .setIntervalSeconds(1)
                .setCpuUtilization(0.4)
                .setMemoryUtilization(0.5)
                .setRequestCount(requests)
                .setErrorCount(errors)
                .setLatency(
                        LatencyHistogram.newBuilder()
                                .setBucketBoundsMs(List.of(50.0, 100.0))
                                .setBucketCounts(List.of(requests, 0L, 0L))
                                .build())
                .build();
    }

    private static ServiceConfig probeConfig(String serviceId) {
        return ServiceConfig.newBuilder()
                .setServiceId(serviceId)
                .setOwner("bench")
                .setAvailabilityTarget(0.999)
                .setLatencyThresholdMs(100)
                .setLatencyTarget(0.99)
                .setMonthlyBudget(Decimals.of("1000000"))
                .setBudgetCurrency("USD")
                .setBudgetTimeZone("UTC")
                .setInstanceType("m6i.large")
                .setReplicas(1)
                .setVersion(1)
                .setUpdatedAt(Instant.now())
                .build();
    }

    private static Configuration options(
            EmbeddedKafkaBroker kafka, EmbeddedPostgresServer postgres) {
        Configuration options = new Configuration();
        options.set(PipelineOptions.KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        options.set(PipelineOptions.KAFKA_GROUP_ID, "bench-alerts");
        options.set(PipelineOptions.TELEMETRY_TOPIC, TELEMETRY);
        options.set(PipelineOptions.BILLING_TOPIC, "bench.billing");
        options.set(PipelineOptions.SERVICE_CONFIG_TOPIC, "bench.service-config");
        options.set(PipelineOptions.DEAD_LETTER_TOPIC, "bench.dead-letter");
        options.set(PipelineOptions.COST_WINDOWS_TOPIC, "bench.cost-windows");
        options.set(PipelineOptions.ALERT_SLA_TOPIC, SLA);
        options.set(PipelineOptions.ALERT_BUDGET_TOPIC, "bench.alerts.budget");
        options.set(PipelineOptions.TRANSACTIONAL_ID_PREFIX, "bench-alerts-" + System.nanoTime());
        options.set(PipelineOptions.WINDOW_SIZE, WINDOW);
        options.set(PipelineOptions.MAX_OUT_OF_ORDERNESS, Duration.ZERO);
        options.set(PipelineOptions.ALLOWED_LATENESS, Duration.ofSeconds(10));
        options.set(PipelineOptions.JDBC_URL, postgres.jdbcUrl("bench"));
        options.set(PipelineOptions.JDBC_USER, EmbeddedPostgresServer.USER);
        options.set(PipelineOptions.JDBC_PASSWORD, "");
        return options;
    }

    private static KafkaProducer<String, byte[]> producer(EmbeddedKafkaBroker kafka) {
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        kafka.bootstrapServers(),
                        ProducerConfig.LINGER_MS_CONFIG,
                        0,
                        ProducerConfig.ACKS_CONFIG,
                        "all"),
                new StringSerializer(),
                new ByteArraySerializer());
    }

    /** Notes when each SLA alert (by service) and each ping (by key) is first read. */
    private static void read(
            EmbeddedKafkaBroker kafka, Map<String, Long> received, AtomicBoolean reading) {
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(
                        Map.of(
                                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                kafka.bootstrapServers(),
                                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                                5),
                        new StringDeserializer(),
                        new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                partitions.add(new TopicPartition(SLA, p));
            }
            partitions.add(new TopicPartition(PING, 0));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (reading.get()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(20))) {
                    received.putIfAbsent(r.key(), System.nanoTime());
                }
            }
        }
    }

    private void report(List<Double> alert, List<Double> baseline) {
        double a50 = percentile(alert, 50);
        double a99 = percentile(alert, 99);
        double b50 = percentile(baseline, 50);
        double b99 = percentile(baseline, 99);
        out.printf(
                "%d rounds, %d background services, one window a round, %s apart%n",
                alert.size(), services, pause);
        out.printf(
                "alert (produce crossing telemetry -> SlaAlert read): p50 %8.1f ms   p99 %8.1f ms%n",
                a50, a99);
        out.printf(
                "baseline (produce -> consume one record):             p50 %8.1f ms   p99 %8.1f ms%n",
                b50, b99);
        out.printf(
                "ratio alert/baseline: p50 %.1fx   p99 %.1fx   (target: alert p99 <= 2000 ms: %s)%n",
                a50 / b50, a99 / b99, a99 <= 2000 ? "met" : "NOT met");
        out.flush();
    }

    /** Nearest-rank percentile. */
    static double percentile(List<Double> values, double p) {
        List<Double> sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(p / 100 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }
}

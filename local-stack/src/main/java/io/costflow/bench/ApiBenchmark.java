package io.costflow.bench;

import io.costflow.infra.EmbeddedPostgresServer;
import io.costflow.infra.FreePorts;
import io.costflow.localstack.EmbeddedApi;
import java.io.PrintWriter;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.postgresql.PGConnection;

/**
 * {@code costflow bench api}: the query API's read endpoints under load on loopback against the
 * same SQL run directly over JDBC at the same concurrency, in one run, on an embedded PostgreSQL
 * loaded with many services and cost windows.
 *
 * <p>Each {@link Scenario} pairs an API request with its baseline; both run closed-loop (fixed
 * concurrency, each worker sends its next request when the previous answered) for the same time,
 * then the API runs open-loop at half its peak rate (requests sent on a fixed schedule, latency
 * measured from the scheduled send time so a stall is not hidden). Add a scenario to {@link
 * #scenarios} to benchmark another endpoint.
 */
final class ApiBenchmark {

    private static final Instant EPOCH = Instant.parse("2025-01-01T00:00:00Z");
    private static final Duration WINDOW = Duration.ofHours(1);
    private static final int COPY_CHUNK = 20_000;

    /** One step of load: sends one request (or query) and checks its answer. */
    interface Operation {
        void run(SplittableRandom random) throws Exception;
    }

    /** Gives each worker thread its own operation (own connection, own client state). */
    interface Workload {
        Operation newWorker() throws Exception;
    }

    /**
     * An endpoint and its baseline.
     *
     * @param api one request to the API
     * @param asyncApi the same request, sent without waiting (for open-loop pacing)
     * @param baseline the same work without the API, e.g. its SQL over JDBC
     */
    record Scenario(
            String name,
            Workload api,
            AsyncRequest asyncApi,
            String baselineName,
            Workload baseline) {}

    /** Builds one API request for open-loop pacing. */
    interface AsyncRequest {
        HttpRequest build(SplittableRandom random);
    }

    private record Result(long requests, double seconds, long[] latenciesNanos, long errors) {
        double rate() {
            return requests / seconds;
        }

        double percentileMillis(double q) {
            if (latenciesNanos.length == 0) {
                return Double.NaN;
            }
            int rank = (int) Math.max(1, Math.ceil(q * latenciesNanos.length));
            return latenciesNanos[rank - 1] / 1e6;
        }
    }

    private final Path dir;
    private final int services;
    private final int windowsPerService;
    private final int rangeWindows;
    private final int concurrency;
    private final Duration warmup;
    private final Duration duration;
    private final PrintWriter out;

    ApiBenchmark(
            Path dir,
            int services,
            int windowsPerService,
            int rangeWindows,
            int concurrency,
            Duration warmup,
            Duration duration,
            PrintWriter out) {
        this.dir = dir;
        this.services = services;
        this.windowsPerService = windowsPerService;
        this.rangeWindows = rangeWindows;
        this.concurrency = concurrency;
        this.warmup = warmup;
        this.duration = duration;
        this.out = out;
    }

    void run() throws Exception {
        try (EmbeddedPostgresServer postgres =
                        EmbeddedPostgresServer.start(dir.resolve("postgres"), 0);
                EmbeddedApi api =
                        EmbeddedApi.start(
                                postgres.jdbcUrl(),
                                EmbeddedPostgresServer.USER,
                                "",
                                // Reads never touch Kafka; nothing needs to listen here.
                                "127.0.0.1:" + FreePorts.pick(),
                                EmbeddedApi.newAdminKey(),
                                0,
                                Map.of(
                                        "costflow.api.rate-limit.enabled",
                                        false,
                                        "datasources.default.maximum-pool-size",
                                        Math.max(10, concurrency * 2)))) {
            out.printf(
                    "loading %,d services x %,d hourly windows into PostgreSQL...%n",
                    services, windowsPerService);
            out.flush();
            long loadStart = System.nanoTime();
            load(postgres);
            out.printf(
                    "loaded %,d cost windows in %.1f s%n",
                    (long) services * windowsPerService, (System.nanoTime() - loadStart) / 1e9);
            HttpClient http =
                    HttpClient.newBuilder()
                            .version(HttpClient.Version.HTTP_1_1)
                            .connectTimeout(Duration.ofSeconds(5))
                            .build();
            String viewerKey = createViewerKey(http, api);
            out.printf(
                    "%d workers, %s warm-up, %s per measurement, %d cores; other processes on"
                            + " this machine share the CPU%n%n",
                    concurrency, warmup, duration, Runtime.getRuntime().availableProcessors());
            for (Scenario scenario : scenarios(http, api.url(), viewerKey, postgres)) {
                runScenario(scenario, http);
            }
        }
    }

    /** The benchmarked endpoints; each with a baseline doing the same work without the API. */
    private List<Scenario> scenarios(
            HttpClient http, String url, String key, EmbeddedPostgresServer postgres) {
        return List.of(
                new Scenario(
                        "GET /v1/services/{id}/costs (" + rangeWindows + " windows)",
                        () -> random -> send(http, costRequest(url, key, random)),
                        random -> costRequest(url, key, random),
                        "same SQL over JDBC",
                        () -> costQuery(postgres)));
    }

    private HttpRequest costRequest(String url, String key, SplittableRandom random) {
        int service = random.nextInt(services);
        int first = random.nextInt(windowsPerService - rangeWindows + 1);
        Instant from = EPOCH.plus(WINDOW.multipliedBy(first));
        Instant to = from.plus(WINDOW.multipliedBy(rangeWindows));
        return HttpRequest.newBuilder(
                        URI.create(
                                url
                                        + "/v1/services/"
                                        + serviceId(service)
                                        + "/costs?from="
                                        + from
                                        + "&to="
                                        + to))
                .header("Authorization", "Bearer " + key)
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build();
    }

    /** The cost endpoint's SQL (CostWindowRepository), each worker on its own connection. */
    private Operation costQuery(EmbeddedPostgresServer postgres) throws Exception {
        Connection c =
                DriverManager.getConnection(postgres.jdbcUrl(), EmbeddedPostgresServer.USER, "");
        PreparedStatement s =
                c.prepareStatement(
                        """
                        SELECT window_start, window_end, status, revision, currency, billed_cost,
                               effective_cost, provisional_cost, request_count, error_count,
                               resource_count, updated_at
                          FROM cost_window
                         WHERE service_id = ? AND window_start >= ? AND window_start < ?
                         ORDER BY window_start
                        """);
        return random -> {
            int service = random.nextInt(services);
            int first = random.nextInt(windowsPerService - rangeWindows + 1);
            Instant from = EPOCH.plus(WINDOW.multipliedBy(first));
            s.setString(1, serviceId(service));
            s.setObject(2, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
            s.setObject(
                    3,
                    OffsetDateTime.ofInstant(
                            from.plus(WINDOW.multipliedBy(rangeWindows)), ZoneOffset.UTC));
            int rows = 0;
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rs.getObject(1, OffsetDateTime.class);
                    rs.getBigDecimal(6);
                    rs.getBigDecimal(7);
                    rs.getBigDecimal(8);
                    rows++;
                }
            }
            if (rows != rangeWindows) {
                throw new IllegalStateException("expected " + rangeWindows + " rows, got " + rows);
            }
        };
    }

    private void runScenario(Scenario scenario, HttpClient http) throws Exception {
        out.println("== " + scenario.name());
        closedLoop(scenario.baseline(), warmup);
        Result baseline = closedLoop(scenario.baseline(), duration);
        closedLoop(scenario.api(), warmup);
        Result api = closedLoop(scenario.api(), duration);
        double halfRate = api.rate() / 2;
        Result paced = openLoop(http, scenario.asyncApi(), halfRate, duration);
        line(scenario.baselineName() + ", closed loop", baseline);
        line("API, closed loop", api);
        line(String.format("API, open loop at %.0f req/s (half peak)", halfRate), paced);
        out.printf(
                "ratio API/baseline req/s: %.2f (target >= 0.40); p99 at half peak %.1f ms"
                        + " (target <= 20 ms)%n%n",
                api.rate() / baseline.rate(), paced.percentileMillis(0.99));
        out.flush();
    }

    private void line(String label, Result r) {
        out.printf(
                "  %-48s %9.0f req/s  p50 %7.2f ms  p99 %7.2f ms  errors %d%n",
                label, r.rate(), r.percentileMillis(0.50), r.percentileMillis(0.99), r.errors());
    }

    /** {@link #concurrency} workers, each sending its next request when the last one answered. */
    private Result closedLoop(Workload workload, Duration length) throws Exception {
        List<Operation> workers = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            workers.add(workload.newWorker());
        }
        ConcurrentLinkedQueue<long[]> latencies = new ConcurrentLinkedQueue<>();
        long[] errors = new long[concurrency];
        CountDownLatch done = new CountDownLatch(concurrency);
        long start = System.nanoTime();
        long end = start + length.toNanos();
        for (int i = 0; i < concurrency; i++) {
            int index = i;
            Thread t =
                    new Thread(
                            () -> {
                                SplittableRandom random = new SplittableRandom(index * 7919L);
                                long[] own = new long[1 << 16];
                                int n = 0;
                                while (System.nanoTime() < end) {
                                    long t0 = System.nanoTime();
                                    try {
                                        workers.get(index).run(random);
                                    } catch (Exception e) {
                                        errors[index]++;
                                        continue;
                                    }
                                    if (n == own.length) {
                                        own = Arrays.copyOf(own, n * 2);
                                    }
                                    own[n++] = System.nanoTime() - t0;
                                }
                                latencies.add(Arrays.copyOf(own, n));
                                done.countDown();
                            },
                            "bench-worker-" + i);
            t.setDaemon(true);
            t.start();
        }
        done.await();
        double seconds = (System.nanoTime() - start) / 1e9;
        return result(latencies, seconds, Arrays.stream(errors).sum());
    }

    /**
     * Requests sent on a fixed schedule at {@code rate}, whether or not earlier ones answered; each
     * latency counts from its scheduled send time.
     */
    private Result openLoop(HttpClient http, AsyncRequest request, double rate, Duration length)
            throws Exception {
        long interval = (long) (1e9 / rate);
        long total = (long) (length.toNanos() / (double) interval);
        long[] latencies = new long[(int) total];
        long[] errors = new long[1];
        List<CompletableFuture<?>> pending = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(42);
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long scheduled = start + i * interval;
            long wait = scheduled - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            int index = i;
            pending.add(
                    http.sendAsync(request.build(random), HttpResponse.BodyHandlers.ofString())
                            .handle(
                                    (response, failure) -> {
                                        latencies[index] = System.nanoTime() - scheduled;
                                        if (failure != null || response.statusCode() != 200) {
                                            synchronized (errors) {
                                                errors[0]++;
                                            }
                                        }
                                        return null;
                                    }));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
                .get(length.toSeconds() + 60, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - start) / 1e9;
        ConcurrentLinkedQueue<long[]> all = new ConcurrentLinkedQueue<>();
        all.add(latencies);
        return result(all, seconds, errors[0]);
    }

    private static Result result(
            ConcurrentLinkedQueue<long[]> latencies, double seconds, long errors) {
        long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        return new Result(all.length, seconds, all, errors);
    }

    private static void send(HttpClient http, HttpRequest request) throws Exception {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(response.statusCode() + " " + response.body());
        }
    }

    private static String createViewerKey(HttpClient http, EmbeddedApi api) throws Exception {
        HttpResponse<String> response =
                http.send(
                        HttpRequest.newBuilder(URI.create(api.url() + "/v1/api-keys"))
                                .header("Authorization", "Bearer " + api.adminKey())
                                .header("Content-Type", "application/json")
                                .POST(
                                        HttpRequest.BodyPublishers.ofString(
                                                "{\"role\":\"VIEWER\",\"description\":\"bench\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("cannot create a key: " + response.body());
        }
        String body = response.body();
        int at = body.indexOf("\"key\":\"") + 7;
        return body.substring(at, body.indexOf('"', at));
    }

    /** Bulk load with COPY, in chunks, then index statistics. */
    private void load(EmbeddedPostgresServer postgres) throws Exception {
        try (Connection c =
                DriverManager.getConnection(postgres.jdbcUrl(), EmbeddedPostgresServer.USER, "")) {
            var copy = c.unwrap(PGConnection.class).getCopyAPI();
            String sql =
                    "COPY cost_window (service_id, window_start, window_end, status, revision,"
                            + " currency, billed_cost, effective_cost, provisional_cost,"
                            + " request_count, error_count, resource_count, updated_at,"
                            + " cost_by_category) FROM STDIN";
            StringBuilder chunk = new StringBuilder(COPY_CHUNK * 200);
            int rows = 0;
            SplittableRandom random = new SplittableRandom(1);
            for (int s = 0; s < services; s++) {
                String id = serviceId(s);
                for (int w = 0; w < windowsPerService; w++) {
                    Instant start = EPOCH.plus(WINDOW.multipliedBy(w));
                    long requests = random.nextInt(100_000);
                    String billed = (random.nextInt(1_000_000)) + ".000000000001";
                    chunk.append(id)
                            .append('\t')
                            .append(start)
                            .append('\t')
                            .append(start.plus(WINDOW))
                            .append("\tBILLED\t1\tUSD\t")
                            .append(billed)
                            .append('\t')
                            .append(billed)
                            .append("\t0\t")
                            .append(requests)
                            .append('\t')
                            .append(requests / 1000)
                            .append("\t3\t")
                            .append(start.plus(Duration.ofDays(1)))
                            .append("\t{\"USAGE\": \"")
                            .append(billed)
                            .append("\"}\n");
                    if (++rows % COPY_CHUNK == 0) {
                        copy.copyIn(sql, new StringReader(chunk.toString()));
                        chunk.setLength(0);
                    }
                }
            }
            if (chunk.length() > 0) {
                copy.copyIn(sql, new StringReader(chunk.toString()));
            }
            try (Statement st = c.createStatement()) {
                st.execute("VACUUM ANALYZE cost_window");
            }
        }
    }

    private static String serviceId(int index) {
        return String.format("svc-%05d", index);
    }
}

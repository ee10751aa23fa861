package io.costflow.bench;

import io.costflow.api.profile.ProfileQueries;
import io.costflow.infra.EmbeddedPostgresServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;
import org.postgresql.PGConnection;

/**
 * {@code costflow bench api}: the query API's endpoints under load on loopback against the same SQL
 * run directly over JDBC at the same concurrency, in one run, on an embedded PostgreSQL loaded with
 * many services and cost windows.
 *
 * <p>Each {@link Scenario} pairs an API request with its baseline; both run closed-loop (fixed
 * concurrency, each worker sends its next request when the previous answered) for the same time,
 * then the API runs open-loop at half its peak rate (requests sent on a fixed schedule, latency
 * measured from the scheduled send time so a stall is not hidden). Add a scenario to {@link
 * #scenarios} to benchmark another endpoint.
 *
 * <p>The API runs in a JVM of its own ({@link ApiProcess}), as in production. The load generator is
 * a blocking HTTP client, one connection per worker, like the baseline's one JDBC connection per
 * worker: on a 2-core machine the generator's own CPU is taken from the API, so it should cost
 * about what pgjdbc costs the baseline. Each measurement follows a warm-up of its own shape that
 * lasts at least {@code warmup} and goes on while the JIT is still busy, so the measurement does
 * not time compilation; the report says how long the API's JIT compiled during each measurement.
 */
final class ApiBenchmark {

    private static final Instant EPOCH = Instant.parse("2025-01-01T00:00:00Z");
    private static final Duration WINDOW = Duration.ofHours(1);
    private static final int COPY_CHUNK = 20_000;

    /** Every service runs on this type (in the demo's catalog region) with this many replicas. */
    private static final String INSTANCE_TYPE = "m6i.xlarge";

    private static final int REPLICAS = 3;

    /** Warm-up goes on in slices of this length while the JIT compiles more than allowed. */
    private static final Duration WARMUP_SLICE = Duration.ofSeconds(5);

    /** The closed-loop measurement is split into this many turns of baseline, then API. */
    private static final int ROUNDS = 4;

    private static final double SETTLED_COMPILE_SHARE = 0.02;
    private static final Duration MAX_EXTRA_WARMUP = Duration.ofSeconds(60);

    /** Milliseconds a JVM's JIT has spent compiling so far. */
    interface JitClock {
        long compilationMillis() throws Exception;
    }

    /** One step of load: sends one request (or query) and checks its answer. */
    interface Operation {
        void run(SplittableRandom random) throws Exception;

        /** Releases what the operation holds, e.g. its JDBC connection. */
        default void close() throws Exception {}

        /** {@code operation}, closing {@code resource} when it is closed. */
        static Operation closing(Operation operation, AutoCloseable resource) {
            return new Operation() {
                @Override
                public void run(SplittableRandom random) throws Exception {
                    operation.run(random);
                }

                @Override
                public void close() throws Exception {
                    resource.close();
                }
            };
        }
    }

    /** Gives each worker thread its own operation (own connection, own client state). */
    interface Workload {
        Operation newWorker() throws Exception;
    }

    /**
     * An endpoint and its baseline.
     *
     * @param id what {@code --scenario} calls it
     * @param name what the report calls it
     * @param api one request to the API, as any number of threads may send it
     * @param baseline the same work without the API, e.g. its SQL over JDBC
     * @param byDefault whether it runs without {@code --scenario}
     */
    record Scenario(
            String id,
            String name,
            Operation api,
            String baselineName,
            Workload baseline,
            boolean byDefault) {}

    private record Result(long requests, double seconds, long[] latenciesNanos, long errors) {
        static Result merge(List<Result> parts) {
            return new Result(
                    parts.stream().mapToLong(Result::requests).sum(),
                    parts.stream().mapToDouble(Result::seconds).sum(),
                    parts.stream()
                            .flatMapToLong(r -> Arrays.stream(r.latenciesNanos()))
                            .sorted()
                            .toArray(),
                    parts.stream().mapToLong(Result::errors).sum());
        }

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
    private final Set<String> only;
    private final PrintWriter out;

    ApiBenchmark(
            Path dir,
            int services,
            int windowsPerService,
            int rangeWindows,
            int concurrency,
            Duration warmup,
            Duration duration,
            Set<String> only,
            PrintWriter out) {
        this.dir = dir;
        this.services = services;
        this.windowsPerService = windowsPerService;
        this.rangeWindows = rangeWindows;
        this.concurrency = concurrency;
        this.warmup = warmup;
        this.duration = duration;
        this.only = Set.copyOf(only);
        this.out = out;
    }

    void run() throws Exception {
        try (EmbeddedPostgresServer postgres =
                        EmbeddedPostgresServer.start(dir.resolve("postgres"), 0);
                ApiProcess api =
                        ApiProcess.start(
                                postgres.jdbcUrl(),
                                Math.max(10, concurrency * 2),
                                dir.resolve("api.log"));
                CloseableHttpClient http = httpClient(openLoopThreads())) {
            out.printf(
                    "loading %,d services x %,d hourly windows into PostgreSQL...%n",
                    services, windowsPerService);
            out.flush();
            long loadStart = System.nanoTime();
            load(postgres);
            out.printf(
                    "loaded %,d cost windows and %,d service configs in %.1f s%n",
                    (long) services * windowsPerService,
                    services,
                    (System.nanoTime() - loadStart) / 1e9);
            String key = createKey(http, api);
            CpuClock cpu =
                    new CpuClock(
                            ProcessHandle.current().pid(),
                            api.pid(),
                            postmasterPid(dir.resolve("postgres")),
                            out);
            out.printf(
                    "%d workers, warm-up >= %s (longer while the JIT is busy), %s per measurement,"
                            + " %d cores; other processes on this machine share the CPU%n%n",
                    concurrency, warmup, duration, Runtime.getRuntime().availableProcessors());
            for (Scenario scenario : scenarios(http, api.url(), key, postgres)) {
                if (only.isEmpty() ? scenario.byDefault() : only.contains(scenario.id())) {
                    runScenario(scenario, api, cpu);
                }
            }
        }
    }

    /** The benchmarked endpoints; each with a baseline doing the same work without the API. */
    private List<Scenario> scenarios(
            CloseableHttpClient http, String url, String key, EmbeddedPostgresServer postgres) {
        return List.of(
                new Scenario(
                        "costs",
                        "GET /v1/services/{id}/costs (" + rangeWindows + " windows)",
                        random -> send(http, costRequest(url, key, random)),
                        "same SQL over JDBC",
                        () -> costQuery(postgres),
                        true),
                new Scenario(
                        "simulate",
                        "POST /v1/simulate (one replica fewer, 24 h profile)",
                        random -> send(http, simulateRequest(url, key, random)),
                        "same two SQL queries over JDBC",
                        () -> profileQueries(postgres),
                        true),
                new Scenario(
                        "floor",
                        "GET /v1/simulate/templates (key check, routing and JSON; no database)",
                        random -> send(http, templatesRequest(url, key)),
                        "the cost endpoint's SQL over JDBC",
                        () -> costQuery(postgres),
                        false));
    }

    private HttpGet costRequest(String url, String key, SplittableRandom random) {
        int service = random.nextInt(services);
        int first = random.nextInt(windowsPerService - rangeWindows + 1);
        Instant from = EPOCH.plus(WINDOW.multipliedBy(first));
        Instant to = from.plus(WINDOW.multipliedBy(rangeWindows));
        HttpGet get =
                new HttpGet(
                        url
                                + "/v1/services/"
                                + serviceId(service)
                                + "/costs?from="
                                + from
                                + "&to="
                                + to);
        get.setHeader("Authorization", "Bearer " + key);
        return get;
    }

    private static HttpGet templatesRequest(String url, String key) {
        HttpGet get = new HttpGet(url + "/v1/simulate/templates");
        get.setHeader("Authorization", "Bearer " + key);
        return get;
    }

    private HttpPost simulateRequest(String url, String key, SplittableRandom random) {
        HttpPost post = new HttpPost(url + "/v1/simulate");
        post.setHeader("Authorization", "Bearer " + key);
        post.setEntity(
                new StringEntity(
                        "{\"serviceId\":\""
                                + serviceId(random.nextInt(services))
                                + "\",\"replicas\":"
                                + (REPLICAS - 1)
                                + "}",
                        ContentType.APPLICATION_JSON));
        return post;
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
        Operation query =
                random -> {
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
                            // Every column the endpoint returns, as the endpoint's repository reads
                            // it.
                            rs.getObject(1, OffsetDateTime.class);
                            rs.getObject(2, OffsetDateTime.class);
                            rs.getString(3);
                            rs.getLong(4);
                            rs.getString(5);
                            rs.getBigDecimal(6);
                            rs.getBigDecimal(7);
                            rs.getBigDecimal(8);
                            rs.getLong(9);
                            rs.getLong(10);
                            rs.getInt(11);
                            rs.getObject(12, OffsetDateTime.class);
                            rows++;
                        }
                    }
                    if (rows != rangeWindows) {
                        throw new IllegalStateException(
                                "expected " + rangeWindows + " rows, got " + rows);
                    }
                };
        return Operation.closing(query, c);
    }

    /**
     * The simulate endpoint's two queries (ProfileQueries): the config with when its deployment
     * last changed, then 24 h of windows measured on it.
     */
    private Operation profileQueries(EmbeddedPostgresServer postgres) throws Exception {
        Connection c =
                DriverManager.getConnection(postgres.jdbcUrl(), EmbeddedPostgresServer.USER, "");
        PreparedStatement config = c.prepareStatement(ProfileQueries.CONFIG);
        PreparedStatement windows = c.prepareStatement(ProfileQueries.RECENT_WINDOWS);
        Operation query =
                random -> {
                    String id = serviceId(random.nextInt(services));
                    config.setString(1, id);
                    try (ResultSet rs = config.executeQuery()) {
                        if (!rs.next()) {
                            throw new IllegalStateException("no config for " + id);
                        }
                        for (int column = 1; column <= 13; column++) {
                            rs.getObject(column);
                        }
                    }
                    windows.setString(1, id);
                    windows.setString(2, id);
                    windows.setLong(3, Duration.ofHours(24).toSeconds());
                    windows.setObject(4, null, Types.TIMESTAMP_WITH_TIMEZONE);
                    int rows = 0;
                    try (ResultSet rs = windows.executeQuery()) {
                        while (rs.next()) {
                            // Every column the profile reads; it parses the histogram JSON as well.
                            for (int column = 1; column <= 23; column++) {
                                rs.getObject(column);
                            }
                            rows++;
                        }
                    }
                    if (rows == 0) {
                        throw new IllegalStateException("no windows for " + id);
                    }
                };
        return Operation.closing(query, c);
    }

    private void runScenario(Scenario scenario, ApiProcess apiProcess, CpuClock cpu)
            throws Exception {
        out.println("== " + scenario.name());
        out.flush();
        Workload api = () -> scenario.api();
        CompilationMXBean own = ManagementFactory.getCompilationMXBean();
        JitClock generator = own::getTotalCompilationTime;
        JitClock both = () -> generator.compilationMillis() + apiProcess.compilationMillis();

        Duration baselineWarmup = closedWarmUp(scenario.baseline(), generator);
        Duration closedWarmup = closedWarmUp(api, both);
        // Baseline and API take turns, so a change in what else runs on the machine falls on
        // both rather than on whichever happened to run at the time.
        List<Result> baselineRounds = new ArrayList<>();
        List<Result> apiRounds = new ArrayList<>();
        Duration round = duration.dividedBy(ROUNDS);
        long closedCompiled = 0;
        CpuUse baselineCpu = CpuUse.NONE;
        CpuUse apiCpu = CpuUse.NONE;
        for (int i = 0; i < ROUNDS; i++) {
            CpuClock.Reading before = cpu.now();
            baselineRounds.add(closedLoop(scenario.baseline(), round));
            CpuClock.Reading between = cpu.afterBackendsExit(before);
            long compiledBefore = apiProcess.compilationMillis();
            apiRounds.add(closedLoop(api, round));
            closedCompiled += apiProcess.compilationMillis() - compiledBefore;
            CpuClock.Reading after = cpu.now();
            baselineCpu = baselineCpu.plus(between.use().minus(before.use()));
            apiCpu = apiCpu.plus(after.use().minus(between.use()));
        }
        Result baseline = Result.merge(baselineRounds);
        Result closed = Result.merge(apiRounds);

        double halfRate = closed.rate() / 2;
        Duration openWarmup =
                warmUp(warmup, () -> openLoop(scenario.api(), halfRate, WARMUP_SLICE, false), both);
        long compiledBefore = apiProcess.compilationMillis();
        Result paced = openLoop(scenario.api(), halfRate, duration, true);
        long openCompiled = apiProcess.compilationMillis() - compiledBefore;

        out.printf(
                "  warm-up: baseline %d s, API closed loop %d s, API open loop %d s; the API's JIT"
                        + " compiled for %d ms in the closed loop, %d ms in the open loop%n",
                baselineWarmup.toSeconds(),
                closedWarmup.toSeconds(),
                openWarmup.toSeconds(),
                closedCompiled,
                openCompiled);
        line(scenario.baselineName() + ", closed loop", baseline);
        line("API, closed loop", closed);
        line(String.format("API, open loop at %.0f req/s (half peak)", halfRate), paced);
        StringBuilder perRound = new StringBuilder();
        for (int i = 0; i < ROUNDS; i++) {
            perRound.append(i == 0 ? "" : ", ")
                    .append(
                            String.format(
                                    "%.2f",
                                    apiRounds.get(i).rate() / baselineRounds.get(i).rate()));
        }
        out.printf(
                "ratio API/baseline req/s: %.2f (target >= 0.40; by round %s); p99 at half peak"
                        + " %.1f ms (target <= 20 ms)%n%n",
                closed.rate() / baseline.rate(), perRound, paced.percentileMillis(0.99));
        if (baselineCpu.known() && apiCpu.known()) {
            out.printf(
                    "CPU per request, us (generator + API + PostgreSQL = total): baseline %s;"
                            + " API %s%n%n",
                    baselineCpu.perRequest(baseline.requests()),
                    apiCpu.perRequest(closed.requests()));
        }
        out.flush();
    }

    /**
     * Warm-up for a closed-loop measurement: full load for {@link #warmup}, so everything the
     * measurement runs gets compiled; then half that load in slices until the JIT settles (see
     * {@link #warmUp}), because at full load the JIT's threads get a small share of the two cores
     * and its queue drains slowly (with simulate measured first, the API's JIT was still compiling
     * through the whole measurement after a 40 s full-load warm-up); then one more slice at full
     * load, so the code is compiled for the load that is measured.
     */
    private Duration closedWarmUp(Workload workload, JitClock jit) throws Exception {
        long start = System.nanoTime();
        double halfPeak = closedLoop(workload, warmup).rate() / 2;
        warmUp(Duration.ZERO, () -> pacedLoop(workload, halfPeak, WARMUP_SLICE), jit);
        closedLoop(workload, WARMUP_SLICE);
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /**
     * {@link #concurrency} workers sending {@code rate} requests a second between them, each on a
     * fixed schedule of its own; a worker that falls behind skips ahead rather than bursting. For
     * warm-up only: nothing is measured.
     */
    private void pacedLoop(Workload workload, double rate, Duration length) throws Exception {
        long interval = (long) (1e9 * concurrency / rate);
        long start = System.nanoTime();
        long end = start + length.toNanos();
        onWorkers(
                workload,
                "bench-paced-",
                (index, worker) -> {
                    SplittableRandom random = new SplittableRandom(index * 31L + start);
                    // Staggered, so the workers do not send in step.
                    long next = start + interval * index / concurrency;
                    while (next < end) {
                        LockSupport.parkNanos(next - System.nanoTime());
                        try {
                            worker.run(random);
                        } catch (Exception e) {
                            // Warm-up: the measured loops count errors.
                        }
                        next = Math.max(next + interval, System.nanoTime());
                    }
                });
    }

    /** A slice of warm-up load. */
    private interface Slice {
        void run() throws Exception;
    }

    /**
     * Runs slices of load for at least {@code minimum} and then while {@code jit} (the generator's,
     * plus the API process's for the API) spent more than {@link #SETTLED_COMPILE_SHARE} of the
     * last slice compiling, up to {@link #MAX_EXTRA_WARMUP} more. Returns how long it took.
     *
     * <p>The open loop gets a warm-up of its own shape because the JIT compiles for the load it
     * sees: after a closed-loop warm-up the API's JIT recompiled Netty's event-loop and socket
     * paths when the open loop began (3 s of compilation in its first 20 s, with all the slow
     * requests in its first two seconds).
     */
    private Duration warmUp(Duration minimum, Slice slice, JitClock jit) throws Exception {
        long start = System.nanoTime();
        long minimumUntil = start + minimum.toNanos();
        long extraUntil = minimumUntil + MAX_EXTRA_WARMUP.toNanos();
        while (true) {
            long compiledBefore = jit.compilationMillis();
            long sliceStart = System.nanoTime();
            slice.run();
            long sliceMillis = (System.nanoTime() - sliceStart) / 1_000_000;
            long compiledMillis = jit.compilationMillis() - compiledBefore;
            long now = System.nanoTime();
            boolean settled = compiledMillis < SETTLED_COMPILE_SHARE * sliceMillis;
            if ((now >= minimumUntil && settled) || now >= extraUntil) {
                return Duration.ofNanos(now - start);
            }
        }
    }

    private void line(String label, Result r) {
        out.printf(
                "  %-48s %9.0f req/s  p50 %7.2f ms  p99 %7.2f ms  errors %d%n",
                label, r.rate(), r.percentileMillis(0.50), r.percentileMillis(0.99), r.errors());
    }

    /** {@link #concurrency} workers, each sending its next request when the last one answered. */
    private Result closedLoop(Workload workload, Duration length) throws Exception {
        ConcurrentLinkedQueue<long[]> latencies = new ConcurrentLinkedQueue<>();
        long[] errors = new long[concurrency];
        long start = System.nanoTime();
        long end = start + length.toNanos();
        onWorkers(
                workload,
                "bench-worker-",
                (index, worker) -> {
                    SplittableRandom random =
                            new SplittableRandom(index * 7919L + System.nanoTime());
                    long[] own = new long[1 << 16];
                    int n = 0;
                    while (System.nanoTime() < end) {
                        long t0 = System.nanoTime();
                        try {
                            worker.run(random);
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
                });
        double seconds = (System.nanoTime() - start) / 1e9;
        return result(latencies, seconds, Arrays.stream(errors).sum());
    }

    /** What one worker thread does with its own operation. */
    private interface WorkerBody {
        void run(int index, Operation worker);
    }

    /**
     * Runs {@code body} on {@link #concurrency} threads, each with an operation of its own from
     * {@code workload}; returns when all are done, with the operations closed.
     */
    private void onWorkers(Workload workload, String threadName, WorkerBody body) throws Exception {
        List<Operation> workers = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            workers.add(workload.newWorker());
        }
        CountDownLatch done = new CountDownLatch(concurrency);
        for (int i = 0; i < concurrency; i++) {
            int index = i;
            Thread t =
                    new Thread(
                            () -> {
                                try {
                                    body.run(index, workers.get(index));
                                } finally {
                                    done.countDown();
                                }
                            },
                            threadName + i);
            t.setDaemon(true);
            t.start();
        }
        done.await();
        closeAll(workers);
    }

    /**
     * Blocking senders for the open loop: at half the peak rate a few requests are in flight at a
     * time, so twice the closed loop's concurrency leaves plenty spare. A request that waits for a
     * free sender still counts the wait, since latency runs from its scheduled time. Many more
     * threads would only compete with the API for the two cores.
     */
    private int openLoopThreads() {
        return Math.max(16, concurrency * 2);
    }

    /**
     * Requests sent on a fixed schedule at {@code rate}, whether or not earlier ones answered; each
     * latency counts from its scheduled send time, so a request that waited for a free sender
     * counts its wait.
     */
    private Result openLoop(Operation request, double rate, Duration length, boolean report)
            throws Exception {
        long interval = (long) (1e9 / rate);
        int total = (int) (length.toNanos() / interval);
        long[] latencies = new long[total];
        AtomicLong errors = new AtomicLong();
        ExecutorService senders = Executors.newFixedThreadPool(openLoopThreads());
        SplittableRandom random = new SplittableRandom(42);
        CountDownLatch done = new CountDownLatch(total);
        Instant startedAt = Instant.now();
        long start = System.nanoTime();
        try {
            for (int i = 0; i < total; i++) {
                long scheduled = start + i * interval;
                long wait = scheduled - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                int index = i;
                SplittableRandom own = random.split();
                senders.execute(
                        () -> {
                            try {
                                request.run(own);
                            } catch (Exception e) {
                                errors.incrementAndGet();
                            } finally {
                                latencies[index] = System.nanoTime() - scheduled;
                                done.countDown();
                            }
                        });
            }
            if (!done.await(length.toSeconds() + 60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("open-loop requests still pending after 60 s");
            }
        } finally {
            senders.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (report) {
            describeSlowRequests(latencies, interval, startedAt);
        }
        ConcurrentLinkedQueue<long[]> all = new ConcurrentLinkedQueue<>();
        all.add(latencies);
        return result(all, seconds, errors.get());
    }

    /**
     * Prints when the requests slower than the p99 target were scheduled, so a tail can be told
     * apart as one stall (a narrow span) or a steady share (spread over the run), and matched with
     * a JFR recording by wall-clock time.
     */
    private void describeSlowRequests(long[] latencies, long interval, Instant startedAt) {
        long limit = Duration.ofMillis(20).toNanos();
        int slow = 0;
        int first = -1;
        int last = -1;
        int worst = 0;
        for (int i = 0; i < latencies.length; i++) {
            if (latencies[i] > latencies[worst]) {
                worst = i;
            }
            if (latencies[i] > limit) {
                slow++;
                first = first < 0 ? i : first;
                last = i;
            }
        }
        if (slow == 0) {
            out.printf("  open loop: no request over 20 ms%n");
            return;
        }
        out.printf(
                "  open loop: %d requests over 20 ms, scheduled between +%.1f s and +%.1f s;"
                        + " slowest %.1f ms, scheduled at %s%n",
                slow,
                first * interval / 1e9,
                last * interval / 1e9,
                latencies[worst] / 1e6,
                startedAt.plusNanos(worst * interval));
    }

    private static void closeAll(List<Operation> workers) throws Exception {
        for (Operation worker : workers) {
            worker.close();
        }
    }

    private static Result result(
            ConcurrentLinkedQueue<long[]> latencies, double seconds, long errors) {
        long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        return new Result(all.length, seconds, all, errors);
    }

    private static CloseableHttpClient httpClient(int connections) {
        return HttpClients.custom()
                .setConnectionManager(
                        PoolingHttpClientConnectionManagerBuilder.create()
                                .setMaxConnTotal(connections)
                                .setMaxConnPerRoute(connections)
                                .build())
                .setDefaultRequestConfig(
                        RequestConfig.custom().setResponseTimeout(Timeout.ofSeconds(30)).build())
                .disableAutomaticRetries()
                .disableContentCompression()
                .disableCookieManagement()
                .build();
    }

    /** Sends the request and reads the whole answer; anything but 200 is an error. */
    private static void send(CloseableHttpClient http, HttpUriRequestBase request)
            throws Exception {
        http.execute(
                request,
                response -> {
                    byte[] body = EntityUtils.toByteArray(response.getEntity());
                    if (response.getCode() != 200) {
                        throw new IllegalStateException(
                                response.getCode()
                                        + " "
                                        + new String(body, StandardCharsets.UTF_8));
                    }
                    return body.length;
                });
    }

    /** An operator key: it may read costs and run simulations. */
    private static String createKey(CloseableHttpClient http, ApiProcess api) throws Exception {
        HttpPost post = new HttpPost(api.url() + "/v1/api-keys");
        post.setHeader("Authorization", "Bearer " + api.adminKey());
        post.setEntity(
                new StringEntity(
                        "{\"role\":\"OPERATOR\",\"description\":\"bench\"}",
                        ContentType.APPLICATION_JSON));
        String body =
                http.execute(
                        post,
                        response -> {
                            String text = EntityUtils.toString(response.getEntity());
                            if (response.getCode() != 201) {
                                throw new IllegalStateException("cannot create a key: " + text);
                            }
                            return text;
                        });
        int at = body.indexOf("\"key\":\"") + 7;
        return body.substring(at, body.indexOf('"', at));
    }

    /**
     * Bulk load with COPY, in chunks, then index statistics. Every window carries what a service
     * profile reads (CPU and memory percentiles, a latency histogram); every service has a config.
     */
    private void load(EmbeddedPostgresServer postgres) throws Exception {
        try (Connection c =
                DriverManager.getConnection(postgres.jdbcUrl(), EmbeddedPostgresServer.USER, "")) {
            var copy = c.unwrap(PGConnection.class).getCopyAPI();
            String sql =
                    "COPY cost_window (service_id, window_start, window_end, status, revision,"
                            + " currency, billed_cost, effective_cost, provisional_cost,"
                            + " request_count, error_count, resource_count, updated_at,"
                            + " cost_by_category, idle_cost, cpu_p50, cpu_p95, cpu_p99, cpu_max,"
                            + " memory_p50, memory_p95, memory_p99, memory_max,"
                            + " latency_histogram) FROM STDIN";
            StringBuilder chunk = new StringBuilder(COPY_CHUNK * 300);
            int rows = 0;
            SplittableRandom random = new SplittableRandom(1);
            for (int s = 0; s < services; s++) {
                String id = serviceId(s);
                for (int w = 0; w < windowsPerService; w++) {
                    Instant start = EPOCH.plus(WINDOW.multipliedBy(w));
                    long requests = 1_000 + random.nextInt(100_000);
                    String billed = (random.nextInt(1_000_000)) + ".000000000001";
                    double cpu = 0.10 + random.nextInt(20) / 100.0;
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
                            .append("\"}\t0\t")
                            .append(cpu)
                            .append('\t')
                            .append(cpu + 0.10)
                            .append('\t')
                            .append(cpu + 0.15)
                            .append('\t')
                            .append(cpu + 0.20)
                            .append("\t0.3\t0.35\t0.4\t0.45\t")
                            .append("{\"boundsMs\": [10.0, 30.0, 100.0, 300.0], \"counts\": [")
                            .append(requests / 2)
                            .append(", ")
                            .append(requests - requests / 2 - requests / 100)
                            .append(", ")
                            .append(requests / 100)
                            .append(", 0, 0]}\n");
                    if (++rows % COPY_CHUNK == 0) {
                        copy.copyIn(sql, new StringReader(chunk.toString()));
                        chunk.setLength(0);
                    }
                }
            }
            if (chunk.length() > 0) {
                copy.copyIn(sql, new StringReader(chunk.toString()));
            }
            try (PreparedStatement s =
                    c.prepareStatement(
                            "INSERT INTO service_config (service_id, owner, availability_target,"
                                    + " latency_threshold_ms, latency_target, monthly_budget,"
                                    + " budget_currency, budget_time_zone, instance_type, replicas,"
                                    + " version, updated_at) VALUES (?, 'bench', 0.999, 300,"
                                    + " 0.99, 5000, 'USD', 'UTC', ?, ?, 1, now())")) {
                for (int i = 0; i < services; i++) {
                    s.setString(1, serviceId(i));
                    s.setString(2, INSTANCE_TYPE);
                    s.setInt(3, REPLICAS);
                    s.addBatch();
                }
                s.executeBatch();
            }
            try (Statement st = c.createStatement()) {
                st.execute("VACUUM ANALYZE cost_window");
                st.execute("VACUUM ANALYZE service_config");
            }
        }
    }

    /** The postmaster's pid, from the first line of its pid file; -1 if it cannot be read. */
    private static long postmasterPid(Path dataDir) {
        try {
            return Long.parseLong(
                    Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).strip());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static String serviceId(int index) {
        return String.format("svc-%05d", index);
    }
}

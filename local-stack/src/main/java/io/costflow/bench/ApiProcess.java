package io.costflow.bench;

import io.costflow.infra.EmbeddedPostgresServer;
import io.costflow.infra.FreePorts;
import io.costflow.localstack.EmbeddedApi;
import java.io.BufferedReader;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The query API in a JVM of its own for {@code costflow bench api}, as it runs in production: the
 * load generator's garbage and JIT work stay in the benchmark's JVM. The child gets the admin key
 * through its environment (not its command line, which {@code ps} shows), logs to a file, answers
 * the benchmark's questions about its JIT on standard output (see {@link #compilationMillis()}),
 * and stops when its standard input closes, so it never outlives the benchmark.
 *
 * <p>{@link #awaitLive()} polls by hand rather than with {@code Await.until}: that helper is for
 * tests (it fails with an {@link AssertionError}), and this wait must also notice a child that
 * died.
 */
final class ApiProcess implements AutoCloseable {

    private static final String ADMIN_KEY_ENV = "COSTFLOW_BENCH_ADMIN_KEY";

    /** Extra JVM options for the API process, e.g. system properties that set Micronaut config. */
    static final String JAVA_OPTS_ENV = "COSTFLOW_BENCH_API_JAVA_OPTS";

    private static final String LOG_FILE_ENV = "COSTFLOW_BENCH_API_LOG";
    private static final String JIT_QUESTION = "jit";
    private static final String JIT_ANSWER = "jit-millis ";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Process process;
    private final String url;
    private final String adminKey;
    private final PrintWriter toChild;
    private final BufferedReader fromChild;

    private ApiProcess(Process process, String url, String adminKey) {
        this.process = process;
        this.url = url;
        this.adminKey = adminKey;
        this.toChild =
                new PrintWriter(
                        new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8),
                        true);
        this.fromChild =
                new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /**
     * Milliseconds the API process's JIT has spent compiling so far, so the benchmark can warm the
     * API up until its JIT, not only the generator's, has settled.
     */
    synchronized long compilationMillis() throws IOException {
        toChild.println(JIT_QUESTION);
        while (true) {
            String line = fromChild.readLine();
            if (line == null) {
                throw new IOException("the API process has gone");
            }
            // Skips whatever else reached the child's standard output, e.g. a profiler agent's
            // "Profiling started".
            if (line.startsWith(JIT_ANSWER)) {
                return Long.parseLong(line.substring(JIT_ANSWER.length()).strip());
            }
        }
    }

    /** Starts the API against {@code jdbcUrl} and waits until it is live. */
    static ApiProcess start(String jdbcUrl, int poolSize, Path log) throws Exception {
        int port = FreePorts.pick();
        String adminKey = EmbeddedApi.newAdminKey();
        String java =
                ProcessHandle.current()
                        .info()
                        .command()
                        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>();
        command.add(java);
        String options = System.getenv(JAVA_OPTS_ENV);
        if (options != null && !options.isBlank()) {
            command.addAll(List.of(options.strip().split("\\s+")));
        }
        command.addAll(
                List.of(
                        "-cp",
                        System.getProperty("java.class.path"),
                        ApiProcess.class.getName(),
                        jdbcUrl,
                        Integer.toString(port),
                        Integer.toString(poolSize)));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put(ADMIN_KEY_ENV, adminKey);
        builder.environment().put(LOG_FILE_ENV, log.toString());
        builder.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Process process = builder.start();
        ApiProcess api = new ApiProcess(process, "http://127.0.0.1:" + port, adminKey);
        try {
            api.awaitLive(log);
        } catch (Exception e) {
            api.close();
            throw e;
        }
        return api;
    }

    long pid() {
        return process.pid();
    }

    String url() {
        return url;
    }

    String adminKey() {
        return adminKey;
    }

    private void awaitLive(Path log) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest live =
                HttpRequest.newBuilder(URI.create(url + "/health/liveness"))
                        .timeout(Duration.ofSeconds(2))
                        .build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                // The log lives in the benchmark's temporary directory, which is deleted on exit.
                throw new IllegalStateException(
                        "the API process exited with "
                                + process.exitValue()
                                + "; the end of its log:\n"
                                + lastLines(log, 5));
            }
            try {
                if (http.send(live, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
        throw new IllegalStateException("the API was not live within " + START_TIMEOUT);
    }

    private static String lastLines(Path log, int count) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(
                    "\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /**
     * The child: {@code <jdbc url> <port> <pool size>}. Its logs go to the file the parent names;
     * standard output answers the parent's questions; it runs until standard input closes.
     */
    public static void main(String[] args) throws Exception {
        String adminKey = System.getenv(ADMIN_KEY_ENV);
        String logFile = System.getenv(LOG_FILE_ENV);
        if (args.length != 3 || adminKey == null || logFile == null) {
            throw new IllegalArgumentException(
                    "usage: ApiProcess <jdbc url> <port> <pool size>, admin key in "
                            + ADMIN_KEY_ENV
                            + ", log file in "
                            + LOG_FILE_ENV);
        }
        PrintStream answers = System.out;
        // Before the API starts, so its console logger writes to the file.
        System.setOut(new PrintStream(new FileOutputStream(logFile, true), true));
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        try (EmbeddedApi api =
                        EmbeddedApi.start(
                                args[0],
                                EmbeddedPostgresServer.USER,
                                "",
                                // Reads never touch Kafka; nothing needs to listen here.
                                "127.0.0.1:" + FreePorts.pick(),
                                adminKey,
                                Integer.parseInt(args[1]),
                                Map.of(
                                        "costflow.api.rate-limit.enabled",
                                        false,
                                        "datasources.default.maximum-pool-size",
                                        Integer.parseInt(args[2])));
                BufferedReader questions =
                        new BufferedReader(
                                new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            for (String line = questions.readLine(); line != null; line = questions.readLine()) {
                if (line.strip().equals(JIT_QUESTION)) {
                    answers.println(JIT_ANSWER + jit.getTotalCompilationTime());
                    answers.flush();
                }
            }
        }
        System.exit(0);
    }
}

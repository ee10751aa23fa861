package io.costflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.costflow.infra.junit.Await;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's quick start as a user runs it: the packaged {@code costflow.jar} with its {@code
 * lib/} folder, in a JVM of its own, not the test classpath. Catches what only the packaged jar
 * gets wrong (a dependency missing from the runtime classpath, a logging clash).
 */
class PackagedCliIT {

    @TempDir Path dir;

    @Test
    void shouldRunTheDemoFromThePackagedJarAndStopByItself() throws Exception {
        Path output = dir.resolve("demo.out");
        Process demo = startDemo(output, "--run-for", "PT25S");

        boolean exited = demo.waitFor(150, TimeUnit.SECONDS);
        if (!exited) {
            demo.destroyForcibly();
        }
        String console = read(output);

        assertThat(exited).as(console).isTrue();
        assertThat(demo.exitValue()).as(console).isZero();
        assertThat(console).contains("costflow is running.", "API         http://");
        // The last summary line shows windows that reached PostgreSQL through the job.
        assertThat(console).containsPattern("\\| windows [1-9]");
        assertThat(console).containsPattern("in: [1-9][0-9,]* telemetry");
        assertThat(console).doesNotContain("ERROR", "Exception");
    }

    /**
     * Stopped as Ctrl-C or a service manager stops it: the job stops with a savepoint while
     * PostgreSQL and Kafka still run, so nothing fails on the way out.
     */
    @Test
    void shouldStopTheJobWithASavepointBeforeTheDatabaseWhenSignalled() throws Exception {
        Path output = dir.resolve("demo.out");
        Process demo = startDemo(output);
        try {
            Await.until(
                    "a status line with windows in PostgreSQL",
                    Duration.ofSeconds(150),
                    () -> WINDOWS_LANDED.matcher(read(output)).find());
        } finally {
            demo.destroy(); // SIGTERM
        }

        boolean exited = demo.waitFor(90, TimeUnit.SECONDS);
        if (!exited) {
            demo.destroyForcibly();
        }
        String console = read(output);

        assertThat(exited).as(console).isTrue();
        assertThat(console).contains("Stopping costflow ...");
        assertThat(read(dir.resolve("costflow.log")))
                .as(console)
                .contains("Cost-window job stopped with savepoint");
        assertThat(console).doesNotContain("ERROR", "Exception");
    }

    private static final java.util.regex.Pattern WINDOWS_LANDED =
            java.util.regex.Pattern.compile("\\| windows [1-9]");

    /** The packaged demo on free ports, its console in {@code output}. */
    private Process startDemo(Path output, String... extra) throws IOException {
        Path jar = Path.of("target", "costflow.jar").toAbsolutePath();
        assertThat(jar).exists();
        List<String> command =
                new ArrayList<>(
                        List.of(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-DCOSTFLOW_LOG_FILE=" + dir.resolve("costflow.log"),
                                "-jar",
                                jar.toString(),
                                "demo",
                                "--data-dir",
                                dir.resolve("data").toString(),
                                "--api-port",
                                "0",
                                "--kafka-port",
                                "0",
                                "--postgres-port",
                                "0",
                                "--services",
                                "3",
                                "--window",
                                "PT1M",
                                "--scrape-interval",
                                "PT10S",
                                "--speed",
                                "120",
                                "--history",
                                "PT2H",
                                "--status-every",
                                "PT5S"));
        command.addAll(List.of(extra));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

package io.costflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
        Path jar = Path.of("target", "costflow.jar").toAbsolutePath();
        assertThat(jar).exists();
        Path output = dir.resolve("demo.out");
        Process demo =
                new ProcessBuilder(
                                List.of(
                                        Path.of(System.getProperty("java.home"), "bin", "java")
                                                .toString(),
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
                                        "PT5S",
                                        "--run-for",
                                        "PT25S"))
                        .redirectErrorStream(true)
                        .redirectOutput(output.toFile())
                        .start();

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

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }
}

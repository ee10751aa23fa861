package io.costflow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job's arguments become its options; a password file keeps the secret out of them. */
class CostflowJobOptionsTest {

    @TempDir Path dir;

    @Test
    void shouldReadTypedOptionsWhenGivenAsKeyValueArguments() throws Exception {
        Configuration options =
                CostflowJob.optionsFromArgs(
                        new String[] {
                            "--costflow.kafka.bootstrap-servers", "kafka:9092",
                            "--costflow.window.size", "15min"
                        });

        assertThat(options.get(PipelineOptions.KAFKA_BOOTSTRAP_SERVERS)).isEqualTo("kafka:9092");
        assertThat(options.get(PipelineOptions.WINDOW_SIZE)).isEqualTo(Duration.ofMinutes(15));
        assertThat(options.get(PipelineOptions.JDBC_PASSWORD)).isEmpty();
    }

    @Test
    void shouldTakeThePasswordFromTheFileWhenAPasswordFileIsNamed() throws Exception {
        Path secret = Files.writeString(dir.resolve("password"), "s3cr3t-from-a-secret\n");

        Configuration options =
                CostflowJob.optionsFromArgs(
                        new String[] {
                            "--costflow.jdbc.password",
                            "ignored",
                            "--costflow.jdbc.password-file",
                            secret.toString()
                        });

        assertThat(options.get(PipelineOptions.JDBC_PASSWORD)).isEqualTo("s3cr3t-from-a-secret");
    }

    @Test
    void shouldFailAtStartWhenThePasswordFileIsMissing() {
        String missing = dir.resolve("absent").toString();

        assertThatThrownBy(
                        () ->
                                CostflowJob.optionsFromArgs(
                                        new String[] {"--costflow.jdbc.password-file", missing}))
                .isInstanceOf(NoSuchFileException.class);
    }
}

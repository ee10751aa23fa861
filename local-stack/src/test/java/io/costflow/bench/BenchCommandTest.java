package io.costflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.costflow.cli.CostflowCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Options the API benchmark cannot run with are refused before anything starts. */
class BenchCommandTest {

    private record Run(int exitCode, String err) {}

    private static Run run(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new CostflowCommand());
        cli.setErr(new PrintWriter(err));
        cli.setOut(new PrintWriter(new StringWriter()));
        int code = cli.execute(args);
        return new Run(code, err.toString());
    }

    @Test
    void shouldRefuseFewerWindowsThanOneRequestReads() {
        Run run = run("bench", "api", "--windows", "20", "--range", "24");

        assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(run.err()).contains("--windows >= --range", "--windows 20", "--range 24");
    }

    @Test
    void shouldRefuseAMeasurementTooShortToSplitIntoTurns() {
        Run run = run("bench", "api", "--duration", "PT0.5S");

        assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(run.err()).contains("--duration of at least 1 s");
    }
}

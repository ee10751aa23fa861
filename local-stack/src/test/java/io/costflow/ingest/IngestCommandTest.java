package io.costflow.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.costflow.cli.CostflowCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The ingest command's failures that need no broker: each must exit 1 with a precise message. */
class IngestCommandTest {

    @TempDir Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void shouldFailNamingTheFileWhenItDoesNotExist() {
        Path missing = dir.resolve("missing.csv");

        int exit = run("ingest", missing.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString())
                .isEqualTo("costflow ingest: cannot read " + missing + ": no such file\n");
    }

    @Test
    void shouldFailWhenTheFileIsEmpty() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.csv"));

        int exit = run("ingest", empty.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("the file is empty: no header row");
    }

    @Test
    void shouldFailNamingTheMissingColumnsWhenTheFileIsNotAFocusExport() throws IOException {
        Path cur = dir.resolve("cur.csv");
        Files.write(
                cur,
                List.of(
                        "identity/LineItemId,lineItem/UsageStartDate,lineItem/UnblendedCost,"
                                + "BillingCurrency",
                        "abc,2024-03-01T00:00:00Z,0.1,USD"));

        int exit = run("ingest", cur.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString())
                .isEqualTo(
                        "costflow ingest: "
                                + cur
                                + " is not a FOCUS export: it has no ChargePeriodStart,"
                                + " ChargePeriodEnd, ChargeCategory, BilledCost, EffectiveCost"
                                + " column\n");
    }

    @Test
    void shouldFailWithinTheTimeoutWhenKafkaCannotBeReached() {
        int exit =
                run(
                        "ingest",
                        "--bootstrap-servers",
                        "127.0.0.1:1",
                        "--timeout",
                        "PT1S",
                        FocusFixtures.path(FocusFixtures.MESSY_EXPORT).toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString())
                .startsWith(
                        "costflow ingest: cannot publish to costflow.billing.v1 at 127.0.0.1:1");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void shouldDescribeEveryOptionWhenAskedForHelp() {
        int exit = run("ingest", "--help");

        assertThat(exit).isZero();
        assertThat(out.toString())
                .contains("FOCUS 1.x CSV export")
                .contains("--bootstrap-servers")
                .contains("--rejects=FILE")
                .contains("--show-rejects=N")
                .contains("AUTO, ALWAYS, NEVER");
    }

    private int run(String... args) {
        CommandLine cli = new CommandLine(new CostflowCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }
}

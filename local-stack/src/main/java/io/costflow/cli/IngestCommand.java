package io.costflow.cli;

import io.costflow.ingest.FocusCsvReader;
import io.costflow.ingest.FocusIngest;
import io.costflow.ingest.IngestSettings;
import io.costflow.ingest.IngestSummary;
import io.costflow.ingest.KafkaBillingSink;
import io.costflow.ingest.ProgressBar;
import io.costflow.ingest.RejectsFile;
import io.costflow.model.focus.FocusColumns;
import io.costflow.schemas.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Publishes a FOCUS 1.x cost and usage export (CSV, optionally gzip-compressed) to the billing
 * topic, and reports every row it could not use with its row number and reason.
 */
@Command(
        name = "ingest",
        mixinStandardHelpOptions = true,
        description = {
            "Publish a FOCUS 1.x CSV export (AWS, Azure, GCP, ...; .csv or .csv.gz) to the billing"
                    + " topic.",
            "Rows that cannot be billing line items are reported with their row number (the"
                    + " header is row 1) and reason; they do not fail the run.",
            "Exit status: 0 when every usable row was published; 1 when the file cannot be read"
                    + " or is not a FOCUS export, Kafka cannot be reached, a send failed, or"
                    + " nothing was published."
        })
final class IngestCommand implements Callable<Integer> {

    /** How progress is shown on stderr. */
    enum ProgressMode {
        /** A bar on a terminal, nothing otherwise. */
        AUTO,
        /** A bar on a terminal, a line at most every second otherwise. */
        ALWAYS,
        NEVER
    }

    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The FOCUS export to publish.")
    Path file;

    @Option(
            names = "--bootstrap-servers",
            defaultValue = "localhost:9092",
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}, the demo's broker).")
    String bootstrapServers;

    @Option(
            names = "--topic",
            defaultValue = Topics.BILLING,
            description = "The billing topic (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(
            names = "--currency",
            defaultValue = "USD",
            description =
                    "The billing currency the pipeline sums; rows in another are rejected"
                            + " (default: ${DEFAULT-VALUE}).")
    String currency;

    @Option(
            names = "--service-tag",
            defaultValue = "service",
            description =
                    "The tag that names a line's service; the summary counts rows without it"
                            + " (default: ${DEFAULT-VALUE}).")
    String serviceTag;

    @Option(
            names = "--rejects",
            paramLabel = "FILE",
            description = "Also write every rejected row (row,code,detail) to this CSV file.")
    Path rejectsFile;

    @Option(
            names = "--show-rejects",
            paramLabel = "N",
            defaultValue = "20",
            description = "How many rejected rows the summary lists (default: ${DEFAULT-VALUE}).")
    int shownRejects;

    @Option(
            names = "--progress",
            defaultValue = "AUTO",
            description =
                    "Progress on stderr: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    ProgressMode progressMode;

    @Option(
            names = "--timeout",
            defaultValue = "PT30S",
            description =
                    "How long to wait for Kafka when connecting or sending, ISO-8601"
                            + " (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(
            names = "--producer-property",
            paramLabel = "KEY=VALUE",
            description =
                    "A further Kafka producer setting, e.g. security.protocol=SASL_SSL;"
                            + " repeatable.")
    Map<String, String> producerProperties = new LinkedHashMap<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        IngestSettings settings =
                new IngestSettings(
                        file, topic, currency, serviceTag, rejectsFile, Math.max(0, shownRejects));
        try (FocusCsvReader reader = FocusCsvReader.open(file)) {
            List<String> missing = FocusColumns.missingRequired(reader.header());
            if (!missing.isEmpty()) {
                err.println(
                        "costflow ingest: "
                                + file
                                + " is not a FOCUS export: it has no "
                                + String.join(", ", missing)
                                + " column");
                return 1;
            }
            IngestSummary summary;
            try (KafkaBillingSink sink =
                            KafkaBillingSink.connect(
                                    bootstrapServers, topic, producerProperties, timeout);
                    RejectsFile rejects = createRejectsFile()) {
                summary =
                        new FocusIngest(settings, sink, rejects, progress(err, reader.size()))
                                .run(reader);
            }
            summary.print(out);
            return summary.succeeded() ? 0 : 1;
        } catch (IOException e) {
            err.println("costflow ingest: cannot read " + file + ": " + describe(e));
            return 1;
        } catch (UncheckedIOException e) {
            err.println("costflow ingest: " + e.getMessage() + ": " + describe(e.getCause()));
            return 1;
        } catch (KafkaException e) {
            err.println(
                    "costflow ingest: cannot publish to "
                            + topic
                            + " at "
                            + bootstrapServers
                            + ": "
                            + e.getMessage());
            return 1;
        }
    }

    private RejectsFile createRejectsFile() {
        if (rejectsFile == null) {
            return null;
        }
        try {
            return RejectsFile.create(rejectsFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + rejectsFile, e);
        }
    }

    private ProgressBar progress(PrintWriter err, long size) {
        // Java 17: a console exists only when both stdin and stdout are terminals.
        boolean terminal = System.console() != null;
        if (progressMode == ProgressMode.NEVER
                || (progressMode == ProgressMode.AUTO && !terminal)) {
            return ProgressBar.none();
        }
        return terminal
                ? ProgressBar.terminal(err, size, System::nanoTime)
                : ProgressBar.lines(err, size, System::nanoTime);
    }

    private static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage();
    }
}

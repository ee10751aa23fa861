package io.costflow.localstack;

import io.costflow.ingest.FocusCsvReader;
import io.costflow.ingest.FocusIngest;
import io.costflow.ingest.IngestSettings;
import io.costflow.ingest.IngestSummary;
import io.costflow.ingest.KafkaBillingSink;
import io.costflow.ingest.ProgressBar;
import io.costflow.schemas.Topics;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a FOCUS export as billing once, in the background, with the same code as {@code
 * costflow ingest}; re-running it replaces the same line items instead of adding them.
 */
final class FocusReplay implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FocusReplay.class);

    private final Thread thread;
    private final AtomicReference<String> outcome = new AtomicReference<>();

    private FocusReplay(Path file, String bootstrapServers) {
        this.thread = new Thread(() -> run(file, bootstrapServers), "focus-replay");
        thread.setDaemon(true);
    }

    static FocusReplay start(Path file, String bootstrapServers) {
        FocusReplay replay = new FocusReplay(file, bootstrapServers);
        replay.thread.start();
        return replay;
    }

    /** One line on how the replay went, or empty while it runs. */
    String outcome() {
        String done = outcome.get();
        return done == null ? "" : done;
    }

    private void run(Path file, String bootstrapServers) {
        IngestSettings settings =
                new IngestSettings(file, Topics.BILLING, "USD", "service", null, 3);
        try (FocusCsvReader reader = FocusCsvReader.open(file);
                KafkaBillingSink sink =
                        KafkaBillingSink.connect(
                                bootstrapServers,
                                Topics.BILLING,
                                Map.of(),
                                Duration.ofSeconds(30))) {
            IngestSummary summary =
                    new FocusIngest(settings, sink, null, ProgressBar.none()).run(reader);
            outcome.set(
                    String.format(
                            "replayed %s: %,d rows read, %,d published, %,d rejected%s",
                            file.getFileName(),
                            summary.rowsRead(),
                            summary.published(),
                            summary.rejected(),
                            summary.stopReason() == null ? "" : " (" + summary.stopReason() + ")"));
        } catch (IOException | RuntimeException e) {
            LOG.warn("replay of {} failed", file, e);
            outcome.set("replay of " + file + " failed: " + e.getMessage());
        }
    }

    @Override
    public void close() throws InterruptedException {
        thread.interrupt();
        thread.join(10_000);
    }
}

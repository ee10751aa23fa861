package io.costflow.ingest;

import io.costflow.schemas.Decimals;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What an ingest did: rows read, published, rejected and not sent, the billed cost that reached the
 * topic, and the first few problems with their row numbers. Thread-safe: sends are acknowledged on
 * the producer's thread while the file is still being read.
 */
public final class IngestSummary {

    /** A row that did not reach the topic: rejected by the mapper, or not stored by Kafka. */
    public record RowProblem(long rowNumber, String code, String detail) {}

    /** The code of a row whose send failed. */
    public static final String SEND_FAILED = "send-failed";

    private final IngestSettings settings;
    private final AtomicLong rowsRead = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong sendFailed = new AtomicLong();
    private final AtomicLong publishedWithoutServiceTag = new AtomicLong();
    private final List<RowProblem> firstRejections = new ArrayList<>();
    private final List<RowProblem> firstSendFailures = new ArrayList<>();
    private BigDecimal publishedBilledCost = Decimals.ZERO;
    private volatile String stopReason;

    /** An empty summary; it keeps {@link IngestSettings#shownProblems} of each kind of problem. */
    public IngestSummary(IngestSettings settings) {
        this.settings = settings;
    }

    void rowRead() {
        rowsRead.incrementAndGet();
    }

    void rejected(RowProblem problem) {
        rejected.incrementAndGet();
        keep(firstRejections, problem);
    }

    void published(BigDecimal billedCost, boolean hasServiceTag) {
        published.incrementAndGet();
        if (!hasServiceTag) {
            publishedWithoutServiceTag.incrementAndGet();
        }
        synchronized (this) {
            publishedBilledCost = publishedBilledCost.add(billedCost);
        }
    }

    void sendFailed(RowProblem problem) {
        sendFailed.incrementAndGet();
        keep(firstSendFailures, problem);
    }

    void stopped(String reason) {
        stopReason = reason;
    }

    public long rowsRead() {
        return rowsRead.get();
    }

    public long rejected() {
        return rejected.get();
    }

    public long published() {
        return published.get();
    }

    public long sendFailed() {
        return sendFailed.get();
    }

    public long publishedWithoutServiceTag() {
        return publishedWithoutServiceTag.get();
    }

    /** The exact sum of BilledCost over the published rows. */
    public synchronized BigDecimal publishedBilledCost() {
        return publishedBilledCost;
    }

    /** The first rejections, in row order. */
    public synchronized List<RowProblem> firstRejections() {
        return List.copyOf(firstRejections);
    }

    /** The first failed sends, in the order they failed. */
    public synchronized List<RowProblem> firstSendFailures() {
        return List.copyOf(firstSendFailures);
    }

    /** Why the file was not read to its end, or null if it was. */
    public String stopReason() {
        return stopReason;
    }

    /**
     * Whether the run did its job: the whole file was read, something was published and nothing
     * that was sent was lost. Rejected rows alone do not fail a run; they are reported.
     */
    public boolean succeeded() {
        return stopReason == null && published() > 0 && sendFailed() == 0;
    }

    /** Prints the summary: the counts, then the first problems with their rows. */
    public void print(PrintWriter out) {
        out.println("FOCUS ingest of " + settings.file() + " into " + settings.topic());
        out.printf("  rows read    %d%n", rowsRead());
        out.printf(
                "  published    %d (billed cost %s %s)%n",
                published(), publishedBilledCost().toPlainString(), settings.currency());
        out.printf("  rejected     %d%n", rejected());
        out.printf("  send failed  %d%n", sendFailed());
        if (publishedWithoutServiceTag() > 0) {
            out.printf(
                    "  %d published rows have no '%s' tag: their service comes from telemetry"
                            + " by resource, else __unallocated__.%n",
                    publishedWithoutServiceTag(), settings.serviceTag());
        }
        printProblems(
                out,
                "Rejected rows (the header is row 1):",
                firstRejections(),
                rejected(),
                settings.rejectsFile() == null
                        ? "use --rejects FILE to write them all"
                        : "all are in " + settings.rejectsFile());
        printProblems(
                out,
                "Rows not stored by Kafka (ingesting the file again is safe):",
                firstSendFailures(),
                sendFailed(),
                null);
        if (stopReason != null) {
            out.println("The file was not read to its end: " + stopReason);
        } else if (published() == 0) {
            out.println("Nothing was published.");
        }
        out.flush();
    }

    private static void printProblems(
            PrintWriter out, String title, List<RowProblem> shown, long total, String more) {
        if (total == 0) {
            return;
        }
        out.println(title);
        for (RowProblem p : shown) {
            out.printf("  row %-8d %-24s %s%n", p.rowNumber(), p.code(), p.detail());
        }
        if (total > shown.size()) {
            out.println(
                    "  ... and "
                            + (total - shown.size())
                            + " more"
                            + (more == null ? "" : "; " + more));
        }
    }

    private synchronized void keep(List<RowProblem> list, RowProblem problem) {
        if (list.size() < settings.shownProblems()) {
            list.add(problem);
        }
    }
}

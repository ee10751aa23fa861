package io.costflow.ingest;

import java.io.PrintWriter;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Shows how far an ingest has got, on stderr. On a terminal it redraws one line in place, at most
 * four times a second; elsewhere (when asked for) it prints a plain line at most once a second, so
 * a log stays readable. {@link #none()} shows nothing.
 */
public final class ProgressBar {

    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final boolean terminal;
    private final long totalBytes;
    private final LongSupplier nanoClock;
    private final long intervalNanos;
    private long lastShown;
    private boolean shownAny;

    private ProgressBar(
            PrintWriter err, boolean terminal, long totalBytes, LongSupplier nanoClock) {
        this.err = err;
        this.terminal = terminal;
        this.totalBytes = totalBytes;
        this.nanoClock = nanoClock;
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(terminal ? 250 : 1000);
        this.lastShown = nanoClock.getAsLong();
    }

    /** A bar redrawn in place, for a terminal. */
    public static ProgressBar terminal(PrintWriter err, long totalBytes, LongSupplier nanoClock) {
        return new ProgressBar(err, true, totalBytes, nanoClock);
    }

    /** Plain progress lines, for a log. */
    public static ProgressBar lines(PrintWriter err, long totalBytes, LongSupplier nanoClock) {
        return new ProgressBar(err, false, totalBytes, nanoClock);
    }

    /** Shows nothing. */
    public static ProgressBar none() {
        return new ProgressBar(null, false, 0, () -> 0L);
    }

    /** Shows the progress if it has not been shown within the interval. */
    public void update(long bytesRead, long rows, long rejected) {
        if (err == null) {
            return;
        }
        long now = nanoClock.getAsLong();
        if (now - lastShown < intervalNanos) {
            return;
        }
        lastShown = now;
        show(bytesRead, rows, rejected);
    }

    /** Shows the final state and ends the line, if anything was shown. */
    public void finish(long bytesRead, long rows, long rejected) {
        if (err == null || !shownAny) {
            return;
        }
        show(bytesRead, rows, rejected);
        if (terminal) {
            err.println();
        }
        err.flush();
    }

    private void show(long bytesRead, long rows, long rejected) {
        int percent = totalBytes <= 0 ? 100 : (int) Math.min(100, bytesRead * 100 / totalBytes);
        String counts = String.format("%3d%%  %,d rows  %,d rejected", percent, rows, rejected);
        if (terminal) {
            int filled = percent * WIDTH / 100;
            err.print("\r[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] " + counts);
        } else {
            err.println("ingest: " + counts);
        }
        err.flush();
        shownAny = true;
    }
}

package io.costflow.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    private static final long HALF_SECOND = TimeUnit.MILLISECONDS.toNanos(500);

    private final StringWriter shown = new StringWriter();
    private final AtomicLong clock = new AtomicLong();

    @Test
    void shouldPrintALineAtMostEverySecondWhenNotOnATerminal() {
        ProgressBar lines = ProgressBar.lines(new PrintWriter(shown), 1000, clock::get);

        clock.addAndGet(HALF_SECOND);
        lines.update(100, 10, 0);
        clock.addAndGet(HALF_SECOND);
        lines.update(250, 25, 1);
        clock.addAndGet(HALF_SECOND);
        lines.update(400, 40, 1);

        assertThat(shown.toString()).isEqualTo("ingest:  25%  25 rows  1 rejected\n");
    }

    @Test
    void shouldRedrawOneLineInPlaceWhenOnATerminal() {
        ProgressBar bar = ProgressBar.terminal(new PrintWriter(shown), 1000, clock::get);

        clock.addAndGet(HALF_SECOND);
        bar.update(500, 1234, 2);
        bar.finish(1000, 2500, 3);

        assertThat(shown.toString())
                .isEqualTo(
                        "\r[###############---------------]  50%  1,234 rows  2 rejected"
                                + "\r[##############################] 100%  2,500 rows  3 rejected\n");
    }

    @Test
    void shouldPrintNothingWhenTheRunEndsBeforeTheFirstInterval() {
        ProgressBar lines = ProgressBar.lines(new PrintWriter(shown), 1000, clock::get);

        lines.update(1000, 3, 0);
        lines.finish(1000, 3, 0);

        assertThat(shown.toString()).isEmpty();
    }
}

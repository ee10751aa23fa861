package io.costflow.model.alerting.slo;

import java.time.Duration;
import java.time.Instant;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The per-window good/total counts of one SLO of one service, keyed by window start so that a
 * restated window replaces its earlier sample. Samples ending more than {@code retention} before
 * the latest sample's end are dropped, so the state holds at most retention ÷ window size samples
 * (720 for a 30-day period of hourly windows).
 */
public final class SloLedger {

    private final Duration retention;
    private final NavigableMap<Instant, SloSample> samples = new TreeMap<>();

    public SloLedger(Duration retention) {
        this.retention = retention;
    }

    /**
     * Adds or replaces the sample of its window; an older revision than the one kept is ignored.
     */
    public void record(SloSample sample) {
        SloSample kept = samples.get(sample.start());
        if (kept != null && kept.revision() > sample.revision()) {
            return;
        }
        samples.put(sample.start(), sample);
        Instant latestEnd = samples.lastEntry().getValue().end();
        Instant cutoff = latestEnd.minus(retention);
        samples.values().removeIf(s -> !s.end().isAfter(cutoff));
    }

    /**
     * Burn rate over {@code [from, to)}: the bad share of every window overlapping it, divided by
     * the error budget {@code 1 − target}. A window shorter than a sample still sees the latest
     * sample. No events means no burn.
     */
    public double burnRate(double target, Instant from, Instant to) {
        long bad = 0;
        long total = 0;
        for (SloSample s : samples.headMap(to, false).values()) {
            if (s.end().isAfter(from)) {
                bad += s.bad();
                total += s.total();
            }
        }
        return total == 0 ? 0 : ((double) bad / total) / (1 - target);
    }

    /** Number of samples kept. */
    public int size() {
        return samples.size();
    }
}

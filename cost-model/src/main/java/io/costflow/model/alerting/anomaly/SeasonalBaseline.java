package io.costflow.model.alerting.anomaly;

import io.costflow.model.alerting.budget.WindowSpend;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * One service's window costs for the last {@code seasonsKept} seasons, keyed by window start (a
 * restated window replaces its cost). Holds at most seasonsKept × season ÷ window size + 1 entries
 * (1,345 for eight weeks of hourly windows): the latest window's own history included.
 */
public final class SeasonalBaseline {

    private final Duration season;
    private final int seasonsKept;
    private final NavigableMap<Instant, WindowSpend> windows = new TreeMap<>();

    public SeasonalBaseline(AnomalySettings settings) {
        this.season = settings.season();
        this.seasonsKept = settings.seasonsKept();
    }

    /** Adds or replaces the window's cost; an older revision than the one kept is ignored. */
    public void record(WindowSpend window) {
        WindowSpend kept = windows.get(window.start());
        if (kept != null && kept.revision() > window.revision()) {
            return;
        }
        windows.put(window.start(), window);
        Instant cutoff = windows.lastKey().minus(season.multipliedBy(seasonsKept));
        windows.headMap(cutoff, false).clear();
    }

    /** The costs of the windows exactly 1, 2, … seasons before {@code start} that are known. */
    public List<BigDecimal> history(Instant start) {
        List<BigDecimal> costs = new ArrayList<>();
        for (int i = 1; i <= seasonsKept; i++) {
            WindowSpend w = windows.get(start.minus(season.multipliedBy(i)));
            if (w != null) {
                costs.add(w.cost());
            }
        }
        return costs;
    }

    public int size() {
        return windows.size();
    }
}

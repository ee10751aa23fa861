package io.costflow.model.alerting.budget;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Window contributions to the spend of one budget scope (a service, or every service of an owner),
 * keyed by (window start, service): a restated window replaces its earlier contribution instead of
 * adding to it. The caller drops what no evaluation needs any more with {@link
 * #evictEndingBefore(Instant)}; the budget evaluators say how far back they look.
 */
public final class SpendLedger {

    private record Key(Instant start, String serviceId) {}

    private static final Comparator<Key> ORDER =
            Comparator.comparing(Key::start).thenComparing(Key::serviceId);

    private final NavigableMap<Key, WindowSpend> windows = new TreeMap<>(ORDER);

    /**
     * Adds or replaces the window's contribution; an older revision than the one kept is ignored.
     */
    public void record(WindowSpend spend) {
        Key key = new Key(spend.start(), spend.serviceId());
        WindowSpend kept = windows.get(key);
        if (kept == null || kept.revision() <= spend.revision()) {
            windows.put(key, spend);
        }
    }

    /** Windows starting in {@code [from, to)}. */
    public Collection<WindowSpend> startingIn(Instant from, Instant to) {
        return windows.subMap(new Key(from, ""), true, new Key(to, ""), false).values();
    }

    /** Windows overlapping {@code [from, to)}. */
    public List<WindowSpend> overlapping(Instant from, Instant to) {
        return windows.headMap(new Key(to, ""), false).values().stream()
                .filter(w -> w.end().isAfter(from))
                .toList();
    }

    public void evictEndingBefore(Instant cutoff) {
        windows.values().removeIf(w -> !w.end().isAfter(cutoff));
    }

    /** Number of window contributions kept. */
    public int size() {
        return windows.size();
    }

    static BigDecimal sum(Collection<WindowSpend> spends) {
        return spends.stream().map(WindowSpend::cost).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}

package io.costflow.model.alerting.budget;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
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

    /** Spend of the windows starting in a budget month, and the provisional part of it. */
    public record MonthToDate(BigDecimal spend, BigDecimal provisional) {}

    /**
     * Spend of the windows overlapping a range and the time they cover together with the range.
     * Whole windows are counted, so a range shorter than a window still sees the latest window, and
     * spend ÷ covered is the spend rate.
     */
    public record Trailing(BigDecimal spend, Duration covered) {}

    public MonthToDate monthToDate(BudgetMonth month) {
        Collection<WindowSpend> inMonth =
                windows.subMap(new Key(month.start(), ""), true, new Key(month.end(), ""), false)
                        .values();
        return new MonthToDate(
                sum(inMonth), sum(inMonth.stream().filter(WindowSpend::provisional).toList()));
    }

    public Trailing trailing(Instant from, Instant to) {
        List<WindowSpend> overlapping =
                windows.headMap(new Key(to, ""), false).values().stream()
                        .filter(w -> w.end().isAfter(from))
                        .toList();
        Instant coveredFrom =
                overlapping.stream()
                        .map(WindowSpend::start)
                        .filter(from::isAfter)
                        .min(Instant::compareTo)
                        .orElse(from);
        return new Trailing(sum(overlapping), Duration.between(coveredFrom, to));
    }

    /**
     * The start of the windows that end at {@code end}, if the ledger holds any: the month-to-date
     * counts a window in the month it starts in. Windows of one ledger share their length, so the
     * search stops at the first window, going back from {@code end}, that ends earlier.
     */
    public Optional<Instant> startOfWindowsEndingAt(Instant end) {
        for (WindowSpend w : windows.headMap(new Key(end, ""), false).descendingMap().values()) {
            if (w.end().equals(end)) {
                return Optional.of(w.start());
            }
            if (w.end().isBefore(end)) {
                break;
            }
        }
        return Optional.empty();
    }

    public void evictEndingBefore(Instant cutoff) {
        windows.values().removeIf(w -> !w.end().isAfter(cutoff));
    }

    /** Number of window contributions kept. */
    public int size() {
        return windows.size();
    }

    private static BigDecimal sum(Collection<WindowSpend> spends) {
        return spends.stream().map(WindowSpend::cost).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}

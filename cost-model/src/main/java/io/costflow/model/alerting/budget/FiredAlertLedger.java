package io.costflow.model.alerting.budget;

import java.time.YearMonth;
import java.util.HashMap;
import java.util.Map;

/**
 * The budget alerts already emitted, by alertId, so each fires once per (scope, period, threshold,
 * kind) even when re-evaluated or replayed. Entries of past periods are dropped with {@link
 * #forgetBefore(YearMonth)}, so it holds about one period's alerts per scope.
 */
public final class FiredAlertLedger {

    private final Map<String, YearMonth> fired = new HashMap<>();

    /** Records the alert; true only the first time. */
    public boolean markFired(String alertId, YearMonth period) {
        return fired.putIfAbsent(alertId, period) == null;
    }

    public boolean hasFired(String alertId) {
        return fired.containsKey(alertId);
    }

    public void forgetBefore(YearMonth period) {
        fired.values().removeIf(p -> p.isBefore(period));
    }

    public int size() {
        return fired.size();
    }
}

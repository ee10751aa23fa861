package io.costflow.model.alerting.budget;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * Billing of one service's window {@code [start, end)} that arrived after the window's allowed
 * lateness: no cost window shows it any more (it is dead-lettered {@code too-late}), but it is
 * still spent money, so it counts in the budget month of its window (DESIGN.md Processing step 4).
 *
 * @param charges how many charges it holds (a restatement counts two: the retraction and the new
 *     version), so that a window's spend revision keeps rising as late billing adds to it
 */
public record LateBilling(
        String serviceId, Instant start, Instant end, BigDecimal billedCost, long charges) {

    public LateBilling {
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("window must end after it starts: " + start);
        }
        if (charges < 1) {
            throw new IllegalArgumentException("late billing holds at least one charge");
        }
    }

    /** This and {@code more} of the same window together. */
    public LateBilling plus(LateBilling more) {
        if (!serviceId.equals(more.serviceId) || !start.equals(more.start)) {
            throw new IllegalArgumentException("not the same window: " + more);
        }
        return new LateBilling(
                serviceId, start, end, billedCost.add(more.billedCost), charges + more.charges);
    }
}

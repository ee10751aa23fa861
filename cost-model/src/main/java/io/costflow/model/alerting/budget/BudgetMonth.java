package io.costflow.model.alerting.budget;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;

/** The budget month containing an instant, in the budget's time zone: {@code [start, end)}. */
public record BudgetMonth(YearMonth period, Instant start, Instant end) {

    public static BudgetMonth of(Instant at, ZoneId zone) {
        YearMonth period = YearMonth.from(at.atZone(zone));
        return new BudgetMonth(
                period,
                period.atDay(1).atStartOfDay(zone).toInstant(),
                period.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant());
    }

    public Duration length() {
        return Duration.between(start, end);
    }
}

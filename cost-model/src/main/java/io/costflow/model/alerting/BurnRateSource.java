package io.costflow.model.alerting;

import java.time.Instant;

/**
 * The burn rate over {@code [from, to)}: 1 means spending the budget exactly at the allowed pace.
 */
@FunctionalInterface
public interface BurnRateSource {

    double burnRate(Instant from, Instant to);
}

package io.costflow.api.observability;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs a dependency's outage once, at WARN, when a readiness check first finds it down, and its end
 * at INFO. Probes ask every few seconds; Micronaut logs a DOWN result that carries an exception at
 * ERROR each time, so the checks put the error text in their details instead and log through this.
 */
final class OutageLog {

    private final Logger log;
    private final String dependency;
    private final AtomicBoolean down = new AtomicBoolean();

    OutageLog(Class<?> check, String dependency) {
        this.log = LoggerFactory.getLogger(check);
        this.dependency = dependency;
    }

    /** Records a failed check; returns the error as the check's answer names it. */
    String down(Throwable failure) {
        Throwable cause =
                failure instanceof ExecutionException && failure.getCause() != null
                        ? failure.getCause()
                        : failure;
        return down(cause.getClass().getSimpleName() + ": " + cause.getMessage());
    }

    /** Records a failed check that has no exception; returns {@code error}. */
    String down(String error) {
        if (down.compareAndSet(false, true)) {
            log.warn("{} does not answer; readiness is DOWN until it does: {}", dependency, error);
        }
        return error;
    }

    /** Records a check that passed. */
    void up() {
        if (down.compareAndSet(true, false)) {
            log.info("{} answers again; readiness is UP", dependency);
        }
    }
}

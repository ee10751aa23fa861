package io.costflow.api.problem;

import io.costflow.api.DataAccessException;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a failed database call. When the API has no working database connection (none from the
 * pool within its timeout, whether PostgreSQL is down, refuses the login or every connection is
 * busy; a connection refused or broken; the server shutting down or out of connections) the answer
 * is 503 with {@code Retry-After}; anything else is a 500 whose cause is logged. Neither body names
 * hosts, tables or SQL. A write whose connection broke during its commit may or may not have
 * happened: applying again is then a 409 and a config PUT replaces, but a retried {@code POST
 * /v1/api-keys} can leave a second key whose secret nobody saw (revoke it by id).
 *
 * <p>While the database is away every request fails the same way, so 503s are logged at WARN once
 * per {@link #LOG_EVERY}, saying how many were not.
 */
@Singleton
final class DataAccessExceptionHandler
        implements ExceptionHandler<DataAccessException, HttpResponse<?>> {

    static final String DATABASE_UNAVAILABLE = "urn:costflow:problem:database-unavailable";

    static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private static final Duration LOG_EVERY = Duration.ofSeconds(10);

    /**
     * SQLSTATEs of a database that cannot serve now, besides class 08 (connection exception): 53300
     * (too many connections) and 57P01–57P03 (shutting down, crashed, starting up).
     */
    private static final Set<String> UNAVAILABLE_STATES =
            Set.of("53300", "57P01", "57P02", "57P03");

    private static final Logger LOG = LoggerFactory.getLogger(DataAccessExceptionHandler.class);

    private final ErrorResponseProcessor<?> processor;
    private final AtomicLong lastLoggedNanos =
            new AtomicLong(System.nanoTime() - LOG_EVERY.toNanos());
    private final AtomicLong unlogged = new AtomicLong();

    DataAccessExceptionHandler(ErrorResponseProcessor<?> processor) {
        this.processor = processor;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, DataAccessException exception) {
        if (!isUnavailable(exception)) {
            LOG.error(
                    "{} {} failed: {}",
                    request.getMethodName(),
                    request.getPath(),
                    exception.getMessage(),
                    exception);
            return processor.processResponse(
                    ErrorContext.builder(request).cause(exception).build(),
                    HttpResponse.serverError());
        }
        logUnavailable(exception);
        ProblemException problem =
                ProblemException.unavailable(
                        DATABASE_UNAVAILABLE,
                        "Database unavailable",
                        "The database did not answer; retry in " + RETRY_AFTER.toSeconds() + " s.");
        return processor
                .processResponse(
                        ErrorContext.builder(request)
                                .cause(problem)
                                .errorMessage(problem.getMessage())
                                .build(),
                        HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE))
                .header(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER.toSeconds()));
    }

    /** Whether {@code failure} says PostgreSQL cannot be reached rather than refused the query. */
    static boolean isUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException) {
                return true; // the pool had no connection to give within its timeout
            }
            if (t instanceof SQLException e && e.getSQLState() != null) {
                String state = e.getSQLState();
                // 08P01 is a protocol violation: a bug, not an outage.
                if ((state.startsWith("08") && !state.equals("08P01"))
                        || UNAVAILABLE_STATES.contains(state)) {
                    return true;
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private void logUnavailable(DataAccessException exception) {
        long now = System.nanoTime();
        long last = lastLoggedNanos.get();
        if (now - last < LOG_EVERY.toNanos() || !lastLoggedNanos.compareAndSet(last, now)) {
            unlogged.incrementAndGet();
            return;
        }
        long others = unlogged.getAndSet(0);
        Throwable root = exception;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        LOG.warn(
                "No database connection; answering 503: {} ({}: {}){}",
                exception.getMessage(),
                root.getClass().getSimpleName(),
                root.getMessage(),
                others == 0 ? "" : "; " + others + " more 503s since the last such line");
    }
}

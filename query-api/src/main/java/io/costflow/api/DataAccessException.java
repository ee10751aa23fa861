package io.costflow.api;

/**
 * A database call failed. Unchecked so it reaches the HTTP layer, which answers 503 when the
 * database cannot be reached and otherwise 500, logging the cause; never catch it to answer an
 * empty success.
 */
public class DataAccessException extends RuntimeException {

    public DataAccessException(String message, Throwable cause) {
        super(message, cause);
    }
}

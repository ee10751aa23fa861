package io.costflow.api;

/**
 * A database call failed. Unchecked so it reaches the HTTP layer, which answers 500 and logs it;
 * never catch it to answer an empty success.
 */
public class DataAccessException extends RuntimeException {

    public DataAccessException(String message, Throwable cause) {
        super(message, cause);
    }
}

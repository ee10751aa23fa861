package io.costflow.api.problem;

import io.micronaut.http.HttpStatus;
import java.util.List;

/**
 * Thrown by controllers to answer with a specific problem; {@link ProblemExceptionHandler} turns it
 * into the response. Carries no stack trace: it is an answer, not a fault.
 */
public class ProblemException extends RuntimeException {

    private final HttpStatus status;
    private final String type;
    private final String title;
    private final List<InvalidParam> invalidParams;

    public ProblemException(
            HttpStatus status,
            String type,
            String title,
            String detail,
            List<InvalidParam> invalidParams) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.title = title;
        this.invalidParams = List.copyOf(invalidParams);
    }

    /** 400 for request parameters that break a rule the framework cannot check on its own. */
    public static ProblemException invalidParams(List<InvalidParam> invalidParams) {
        return new ProblemException(
                HttpStatus.BAD_REQUEST,
                Problem.INVALID_PARAMETERS,
                ProblemErrorResponseProcessor.INVALID_PARAMETERS_TITLE,
                ProblemErrorResponseProcessor.describe(invalidParams),
                invalidParams);
    }

    /** 404 for a resource that does not exist, with a type naming what was missing. */
    public static ProblemException notFound(String type, String title, String detail) {
        return new ProblemException(HttpStatus.NOT_FOUND, type, title, detail, List.of());
    }

    /** 409 for a request that conflicts with the resource's current state, saying which. */
    public static ProblemException conflict(String type, String title, String detail) {
        return new ProblemException(HttpStatus.CONFLICT, type, title, detail, List.of());
    }

    /** 401 for a request without a valid API key. */
    public static ProblemException unauthorized(String detail) {
        return new ProblemException(
                HttpStatus.UNAUTHORIZED, Problem.UNAUTHORIZED, "Unauthorized", detail, List.of());
    }

    /** 403 for a valid API key whose role does not allow the request. */
    public static ProblemException forbidden(String detail) {
        return new ProblemException(
                HttpStatus.FORBIDDEN, Problem.FORBIDDEN, "Forbidden", detail, List.of());
    }

    /** 503 for a dependency that is down; the request changed nothing and may be retried. */
    public static ProblemException unavailable(String type, String title, String detail) {
        return new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, type, title, detail, List.of());
    }

    public HttpStatus status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public List<InvalidParam> invalidParams() {
        return invalidParams;
    }
}

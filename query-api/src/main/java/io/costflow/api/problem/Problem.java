package io.costflow.api.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * An RFC 9457 problem details body ({@code application/problem+json}). {@code invalidParams} lists
 * each rejected parameter of a validation failure and is left out otherwise. {@code requestId} is
 * the request's {@code X-Request-Id}, also in the server's log lines for it, so a caller can quote
 * it and an operator can find the cause of a 5xx.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(
        String type,
        String title,
        int status,
        String detail,
        @Nullable String instance,
        List<InvalidParam> invalidParams,
        @Nullable String requestId) {

    /** The media type of every error response of this API. */
    public static final String MEDIA_TYPE = "application/problem+json";

    /** A problem that is fully described by its HTTP status. */
    public static final String ABOUT_BLANK = "about:blank";

    /** A request whose path or query parameters were missing, malformed or out of range. */
    public static final String INVALID_PARAMETERS = "urn:costflow:problem:invalid-parameters";

    /** A request without an API key, or with one that is unknown or revoked. */
    public static final String UNAUTHORIZED = "urn:costflow:problem:unauthorized";

    /** A request whose API key's role does not allow it. */
    public static final String FORBIDDEN = "urn:costflow:problem:forbidden";

    public Problem {
        invalidParams = invalidParams == null ? List.of() : List.copyOf(invalidParams);
    }
}

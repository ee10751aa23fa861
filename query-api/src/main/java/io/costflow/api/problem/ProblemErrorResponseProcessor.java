package io.costflow.api.problem;

import io.costflow.api.observability.RequestIdFilter;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.beans.BeanIntrospector;
import io.micronaut.core.bind.exceptions.UnsatisfiedArgumentException;
import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.serde.exceptions.InvalidFormatException;
import io.micronaut.serde.exceptions.SerdeException;
import io.micronaut.serde.exceptions.path.ReferencePath;
import io.micronaut.web.router.exceptions.UnsatisfiedRouteException;
import jakarta.inject.Singleton;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Writes every error response of the API as RFC 9457 {@code application/problem+json}.
 *
 * <p>Hand-written because {@code micronaut-problem-json} cannot be used: the version the Micronaut
 * 4.10.17 platform BOM names (3.9.0) is not published on Maven Central. Micronaut's own exception
 * handlers (missing or unconvertible arguments, constraint violations, unknown routes, 405, bad
 * JSON, ...) all end here with the exception as the root cause, so this one class decides the body
 * of every 4xx and 5xx. It replaces core's {@code DefaultErrorResponseProcessor}, which is
 * package-private and steps aside for any other {@link ErrorResponseProcessor} bean.
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
public final class ProblemErrorResponseProcessor implements ErrorResponseProcessor<Problem> {

    static final String INVALID_PARAMETERS_TITLE = "Invalid request parameters";

    private static final String SERVER_ERROR_DETAIL =
            "The server could not complete the request; the cause has been logged.";

    @Override
    @SuppressWarnings("unchecked")
    public MutableHttpResponse<Problem> processResponse(
            ErrorContext context, MutableHttpResponse<?> response) {
        if (context.getRequest().getMethod() == HttpMethod.HEAD) {
            return (MutableHttpResponse<Problem>) response;
        }
        return response.body(problem(context, response)).contentType(Problem.MEDIA_TYPE);
    }

    private static Problem problem(ErrorContext context, MutableHttpResponse<?> response) {
        int status = response.code();
        HttpRequest<?> request = context.getRequest();
        String instance = request.getPath();
        String requestId = request.getAttribute(RequestIdFilter.MDC_KEY, String.class).orElse(null);
        Throwable cause = context.getRootCause().orElse(null);
        if (cause instanceof ProblemException p) {
            return new Problem(
                    p.type(),
                    p.title(),
                    status,
                    p.getMessage(),
                    instance,
                    p.invalidParams(),
                    requestId);
        }
        if (status >= 500) {
            // The cause's message may name tables, hosts or SQL: it stays in the server log.
            return new Problem(
                    Problem.ABOUT_BLANK,
                    response.reason(),
                    status,
                    SERVER_ERROR_DETAIL,
                    instance,
                    List.of(),
                    requestId);
        }
        List<InvalidParam> invalidParams = invalidParams(cause);
        if (!invalidParams.isEmpty()) {
            return new Problem(
                    Problem.INVALID_PARAMETERS,
                    INVALID_PARAMETERS_TITLE,
                    status,
                    describe(invalidParams),
                    instance,
                    invalidParams,
                    requestId);
        }
        return new Problem(
                Problem.ABOUT_BLANK,
                response.reason(),
                status,
                detail(context, request, status, response.reason()),
                instance,
                List.of(),
                requestId);
    }

    /** One sentence naming every rejected parameter and its rule. */
    static String describe(List<InvalidParam> invalidParams) {
        String prefix =
                invalidParams.size() == 1
                        ? "Invalid request parameter: "
                        : "Invalid request parameters: ";
        return invalidParams.stream()
                .map(p -> "'" + p.name() + "' " + p.reason())
                .collect(Collectors.joining("; ", prefix, "."));
    }

    private static String detail(
            ErrorContext context, HttpRequest<?> request, int status, String reason) {
        if (status == 404) {
            // Micronaut's own message for a missed route is just "Page Not Found".
            return "No resource at " + request.getMethodName() + " " + request.getPath() + ".";
        }
        String messages =
                context.getErrors().stream()
                        .map(Error::getMessage)
                        .filter(Objects::nonNull)
                        .collect(Collectors.joining("; "));
        return messages.isBlank() ? reason : messages;
    }

    private static List<InvalidParam> invalidParams(Throwable cause) {
        if (cause instanceof ConstraintViolationException e) {
            return e.getConstraintViolations().stream()
                    .map(
                            v ->
                                    new InvalidParam(
                                            name(v.getPropertyPath()),
                                            valueOf(v.getInvalidValue()),
                                            v.getMessage()))
                    .sorted(Comparator.comparing(InvalidParam::name))
                    .toList();
        }
        if (cause instanceof UnsatisfiedRouteException e) {
            return List.of(new InvalidParam(e.getArgument().getName(), null, "is required"));
        }
        if (cause instanceof UnsatisfiedArgumentException e) {
            return List.of(new InvalidParam(e.getArgument().getName(), null, "is required"));
        }
        if (cause instanceof ConversionErrorException e) {
            Optional<InvalidParam> field =
                    bodyField(e.getConversionError().getCause(), e.getArgument());
            if (field.isPresent()) {
                return List.of(field.get());
            }
            Argument<?> argument = e.getArgument();
            Object value = e.getConversionError().getOriginalValue().orElse(null);
            return List.of(
                    new InvalidParam(argument.getName(), valueOf(value), expectation(argument)));
        }
        return List.of();
    }

    /**
     * The field of a JSON body that could not be read into its type, e.g. a string where a number
     * belongs: the deserializer's path names it, while the conversion error names only the body.
     */
    private static Optional<InvalidParam> bodyField(Throwable cause, Argument<?> body) {
        for (Throwable t = cause; t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof SerdeException e && !e.getPath().isEmpty()) {
                List<ReferencePath> path = e.getPath();
                String name =
                        path.stream()
                                .map(p -> p.getArgument().getName())
                                .collect(Collectors.joining("."));
                if (isUnknownProperty(e)) {
                    Class<?> owner =
                            path.size() == 1
                                    ? body.getType()
                                    : path.get(path.size() - 2).getArgument().getType();
                    return Optional.of(new InvalidParam(name, null, notAField(owner)));
                }
                Object value = t instanceof InvalidFormatException f ? f.getOriginalValue() : null;
                return Optional.of(
                        new InvalidParam(
                                name,
                                valueOf(value),
                                expectation(path.get(path.size() - 1).getArgument())));
            }
        }
        return Optional.empty();
    }

    /**
     * Whether serde refused a JSON field the type does not have ({@code
     * micronaut.serde.deserialization.ignore-unknown: false}). Serde has no exception type of its
     * own for it, only this message, so the message is what is matched.
     */
    private static boolean isUnknownProperty(SerdeException e) {
        return e.getMessage() != null && e.getMessage().startsWith("Unknown property [");
    }

    /** The reason for an unknown field, listing the fields the request does have. */
    private static String notAField(Class<?> owner) {
        return BeanIntrospector.SHARED
                .findIntrospection(owner)
                .map(
                        i ->
                                "is not a field of this request; its fields are "
                                        + String.join(", ", i.getPropertyNames()))
                .orElse("is not a field of this request");
    }

    /**
     * The parameter or field path without the controller method's name; for a field of a request
     * body, the field's path as the client wrote it, without the body parameter's Java name.
     */
    private static String name(Path path) {
        List<Path.Node> nodes = new ArrayList<>();
        for (Path.Node node : path) {
            if (node.getKind() != ElementKind.METHOD && node.getKind() != ElementKind.CONSTRUCTOR) {
                nodes.add(node);
            }
        }
        if (nodes.size() > 1 && nodes.get(0).getKind() == ElementKind.PARAMETER) {
            nodes.remove(0);
        }
        return nodes.stream().map(Path.Node::getName).collect(Collectors.joining("."));
    }

    private static String expectation(Argument<?> argument) {
        if (argument.getType() == Instant.class) {
            return "must be an ISO-8601 instant such as 2025-01-31T00:00:00Z";
        }
        Class<?> type = argument.getType();
        if (type == Integer.class
                || type == int.class
                || type == Long.class
                || type == long.class) {
            return "must be a whole number";
        }
        if (type == Double.class || type == double.class || type == BigDecimal.class) {
            return "must be a number";
        }
        if (type == String.class) {
            return "must be a string";
        }
        if (type.isEnum()) {
            return "must be one of " + Arrays.toString(type.getEnumConstants());
        }
        return "must be a valid " + type.getSimpleName();
    }

    private static String valueOf(Object value) {
        return value == null ? null : String.valueOf(value);
    }
}

package io.costflow.api.security;

import io.costflow.api.problem.ProblemException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.RouteMatch;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Authenticates every request by its {@code Authorization: Bearer <key>} header and checks the
 * key's role against the route's {@link RequiresRole}: 401 without a known, active key, 403 when
 * the role is not enough, 429 with {@code Retry-After} when the key sends faster than {@link
 * RateLimitSettings} allows. Open without a key: {@code /health}, {@code /prometheus}, the OpenAPI
 * document under {@code /swagger} and its UI under {@code /swagger-ui}.
 *
 * <p>Requests that match no route (404, 405) still need a valid key, so the API's shape is not
 * revealed to anyone without one.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
final class ApiKeyFilter implements Ordered {

    private static final String BEARER = "Bearer ";
    private static final String CHALLENGE = "Bearer realm=\"costflow\"";

    static final String RATE_LIMITED = "urn:costflow:problem:rate-limited";

    private static final List<String> PUBLIC_PREFIXES =
            List.of("/health", "/prometheus", "/swagger", "/swagger-ui");

    private final ApiKeyRepository repository;
    private final ErrorResponseProcessor<?> errors;
    private final RateLimiter rateLimiter;

    ApiKeyFilter(
            ApiKeyRepository repository,
            ErrorResponseProcessor<?> errors,
            RateLimiter rateLimiter) {
        this.repository = repository;
        this.errors = errors;
        this.rateLimiter = rateLimiter;
    }

    @RequestFilter
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Nullable
    HttpResponse<?> authenticate(HttpRequest<?> request) {
        if (isPublic(request.getPath())) {
            return null;
        }
        Optional<String> key = bearerKey(request);
        if (key.isEmpty()) {
            return reject(
                    request,
                    ProblemException.unauthorized(
                            "This endpoint needs an API key in an 'Authorization: Bearer <key>'"
                                    + " header."));
        }
        Optional<ApiKeyPrincipal> principal =
                ApiKeys.isWellFormed(key.get())
                        ? repository.findActive(ApiKeys.hash(key.get()))
                        : Optional.empty();
        if (principal.isEmpty()) {
            return reject(
                    request,
                    ProblemException.unauthorized("The API key is unknown or has been revoked."));
        }
        Duration wait = rateLimiter.acquire(principal.get().keyId());
        if (!wait.isZero()) {
            long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
            return reject(
                            request,
                            new ProblemException(
                                    HttpStatus.TOO_MANY_REQUESTS,
                                    RATE_LIMITED,
                                    "Too many requests",
                                    "API key "
                                            + principal.get().keyPrefix()
                                            + " sent more than its limit of requests; retry in "
                                            + seconds
                                            + " s.",
                                    List.of()))
                    .header(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        }
        Role required = requiredRole(request);
        Role role = principal.get().role();
        if (!role.includes(required)) {
            return reject(
                    request,
                    ProblemException.forbidden(
                            "API key "
                                    + principal.get().keyPrefix()
                                    + " has role "
                                    + role
                                    + "; "
                                    + request.getMethodName()
                                    + " "
                                    + request.getPath()
                                    + " needs role "
                                    + required
                                    + "."));
        }
        request.setAttribute(ApiKeyPrincipal.ATTRIBUTE, principal.get());
        return null;
    }

    @Override
    public int getOrder() {
        // Right after the request id is assigned, before anything else: nothing runs for a
        // request that is not allowed.
        return HIGHEST_PRECEDENCE + 1;
    }

    private static boolean isPublic(String path) {
        for (String prefix : PUBLIC_PREFIXES) {
            if (path.equals(prefix) || path.startsWith(prefix + "/")) {
                return true;
            }
        }
        return false;
    }

    private static Optional<String> bearerKey(HttpRequest<?> request) {
        return request.getHeaders()
                .getAuthorization()
                .filter(h -> h.regionMatches(true, 0, BEARER, 0, BEARER.length()))
                .map(h -> h.substring(BEARER.length()).strip())
                .filter(k -> !k.isEmpty());
    }

    /**
     * The route's required role. A route without {@link RequiresRole} is admin-only (fail closed);
     * no route at all (404, 405) needs any valid key, so callers still learn what they got wrong.
     */
    private static Role requiredRole(HttpRequest<?> request) {
        Optional<RouteMatch<?>> route = RouteAttributes.getRouteMatch(request);
        if (route.isEmpty()) {
            return Role.VIEWER;
        }
        return route.get()
                .getAnnotationMetadata()
                .enumValue(RequiresRole.class, Role.class)
                .orElse(Role.ADMIN);
    }

    private MutableHttpResponse<?> reject(HttpRequest<?> request, ProblemException problem) {
        var response =
                errors.processResponse(
                        ErrorContext.builder(request)
                                .cause(problem)
                                .errorMessage(problem.getMessage())
                                .build(),
                        HttpResponse.status(problem.status()));
        if (problem.status().getCode() == 401) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE);
        }
        return response;
    }
}

package io.costflow.api.security;

import io.costflow.api.problem.ProblemException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.RouteMatch;
import java.util.Optional;

/**
 * Authenticates every request by its {@code Authorization: Bearer <key>} header and checks the
 * key's role against the route's {@link RequiresRole}: 401 without a known, active key, 403 when
 * the role is not enough. Only {@code /health} is open.
 *
 * <p>Requests that match no route (404, 405) still need a valid key, so the API's shape is not
 * revealed to anyone without one.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
final class ApiKeyFilter implements Ordered {

    private static final String BEARER = "Bearer ";
    private static final String CHALLENGE = "Bearer realm=\"costflow\"";

    private final ApiKeyRepository repository;
    private final ErrorResponseProcessor<?> errors;

    ApiKeyFilter(ApiKeyRepository repository, ErrorResponseProcessor<?> errors) {
        this.repository = repository;
        this.errors = errors;
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
        // Before any other filter: nothing runs for a request that is not allowed.
        return HIGHEST_PRECEDENCE;
    }

    private static boolean isPublic(String path) {
        return path.equals("/health") || path.startsWith("/health/");
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

    private HttpResponse<?> reject(HttpRequest<?> request, ProblemException problem) {
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

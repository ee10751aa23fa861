package io.costflow.api.security;

import io.costflow.api.DataAccessException;
import io.costflow.api.observability.RejectedRequestMetrics;
import io.costflow.api.problem.ProblemException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.core.propagation.PropagatedContext;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.FilterContinuation;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.RouteMatch;
import jakarta.inject.Named;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Authenticates every request by its {@code Authorization: Bearer <key>} header and checks the
 * key's role against the route's {@link RequiresRole}: 401 without a known, active key, 403 when
 * the role is not enough, 429 with {@code Retry-After} when the key sends faster than {@link
 * RateLimitSettings} allows. Open without a key: {@code /health}, {@code /prometheus}, the OpenAPI
 * document under {@code /swagger} and its UI under {@code /swagger-ui}; there a valid key is
 * recognised but not required, so {@code /health} shows its details only to a caller with one.
 *
 * <p>Requests that match no route (404, 405) still need a valid key, so the API's shape is not
 * revealed to anyone without one.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
final class ApiKeyFilter implements Ordered {

    private static final String BEARER = "Bearer ";
    private static final String CHALLENGE = "Bearer realm=\"costflow\"";

    static final String RATE_LIMITED = "urn:costflow:problem:rate-limited";

    private static final String HEALTH = "/health";

    /** When this filter first saw the request (System.nanoTime), for the metrics of a refusal. */
    private static final String STARTED = ApiKeyFilter.class.getName() + ".started";

    private static final List<String> PUBLIC_PREFIXES =
            List.of(HEALTH, "/prometheus", "/swagger", "/swagger-ui");

    private static final Logger LOG = LoggerFactory.getLogger(ApiKeyFilter.class);

    private final ApiKeyRepository repository;
    private final ErrorResponseProcessor<?> errors;
    private final RateLimiter rateLimiter;
    private final Scheduler scheduler;
    private final RejectedRequestMetrics metrics;

    ApiKeyFilter(
            ApiKeyRepository repository,
            ErrorResponseProcessor<?> errors,
            RateLimiter rateLimiter,
            RejectedRequestMetrics metrics,
            @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        this.repository = repository;
        this.errors = errors;
        this.rateLimiter = rateLimiter;
        this.metrics = metrics;
        this.scheduler = Schedulers.fromExecutorService(blocking);
    }

    /**
     * Runs on the event loop. A key the repository remembers is checked there and then; only a key
     * it must look up in PostgreSQL sends the check to the blocking executor, so a steady client
     * costs no thread hop.
     */
    @RequestFilter
    Publisher<MutableHttpResponse<?>> authenticate(
            HttpRequest<?> request, FilterContinuation<Publisher<MutableHttpResponse<?>>> next) {
        request.setAttribute(STARTED, System.nanoTime());
        Optional<String> key = bearerKey(request);
        if (isPublic(request.getPath())) {
            // Open to anyone. On /health a valid key is still recognised, so it shows its details;
            // an unknown one is ignored rather than refused, so a probe never fails over a key.
            if (key.isEmpty()
                    || !ApiKeys.isWellFormed(key.get())
                    || !isUnder(request.getPath(), HEALTH)) {
                return next.proceed();
            }
            return withKey(
                    ApiKeys.hash(key.get()),
                    this::findActiveOrNone,
                    principal -> {
                        if (principal != null) {
                            request.setUserPrincipal(principal);
                        }
                        return null;
                    },
                    next);
        }
        if (key.isEmpty()) {
            return Mono.just(
                    reject(
                            request,
                            ProblemException.unauthorized(
                                    "This endpoint needs an API key in an 'Authorization: Bearer"
                                            + " <key>' header.")));
        }
        if (!ApiKeys.isWellFormed(key.get())) {
            return Mono.just(unknownKey(request));
        }
        return withKey(
                ApiKeys.hash(key.get()),
                repository::findActive,
                principal ->
                        principal != null ? authorize(request, principal) : unknownKey(request),
                next);
    }

    /**
     * Finds the active key with {@code hash} (null when there is none), from the repository's
     * memory or else with {@code lookUp} on the blocking executor, and lets {@code decide} answer
     * the request or, with null, pass it on.
     */
    private Publisher<MutableHttpResponse<?>> withKey(
            byte[] hash,
            Function<byte[], Optional<ApiKeyPrincipal>> lookUp,
            Function<@Nullable ApiKeyPrincipal, @Nullable MutableHttpResponse<?>> decide,
            FilterContinuation<Publisher<MutableHttpResponse<?>>> next) {
        ApiKeyPrincipal cached = repository.findCached(hash);
        if (cached != null) {
            MutableHttpResponse<?> answer = decide.apply(cached);
            return answer != null ? Mono.just(answer) : next.proceed();
        }
        // A null from the callable is an empty Mono: the request goes on.
        Callable<@Nullable MutableHttpResponse<?>> check =
                () -> decide.apply(lookUp.apply(hash).orElse(null));
        return Mono.fromCallable(PropagatedContext.wrapCurrent(check))
                .subscribeOn(scheduler)
                .switchIfEmpty(Mono.defer(() -> Mono.from(next.proceed())));
    }

    /**
     * The key on /health, which must answer while PostgreSQL is down: a failed look-up (after the
     * pool's connection timeout) leaves the caller anonymous instead of failing the request. The
     * readiness check logs the outage itself.
     */
    private Optional<ApiKeyPrincipal> findActiveOrNone(byte[] hash) {
        try {
            return repository.findActive(hash);
        } catch (DataAccessException e) {
            LOG.debug("Cannot look up the key sent to /health; answering anonymously", e);
            return Optional.empty();
        }
    }

    /** Rate limit and role of a known, active key; null lets the request through. */
    @Nullable
    private MutableHttpResponse<?> authorize(HttpRequest<?> request, ApiKeyPrincipal principal) {
        Duration wait = rateLimiter.acquire(principal.keyId());
        if (!wait.isZero()) {
            long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
            return reject(
                            request,
                            new ProblemException(
                                    HttpStatus.TOO_MANY_REQUESTS,
                                    RATE_LIMITED,
                                    "Too many requests",
                                    "API key "
                                            + principal.keyPrefix()
                                            + " sent more than its limit of requests; retry in "
                                            + seconds
                                            + " s.",
                                    List.of()))
                    .header(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        }
        Role required = requiredRole(request);
        Role role = principal.role();
        if (!role.includes(required)) {
            return reject(
                    request,
                    ProblemException.forbidden(
                            "API key "
                                    + principal.keyPrefix()
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
        request.setUserPrincipal(principal);
        return null;
    }

    private MutableHttpResponse<?> unknownKey(HttpRequest<?> request) {
        return reject(
                request,
                ProblemException.unauthorized("The API key is unknown or has been revoked."));
    }

    @Override
    public int getOrder() {
        // Right after the request id is assigned, before anything else: nothing runs for a
        // request that is not allowed.
        return HIGHEST_PRECEDENCE + 1;
    }

    private static boolean isPublic(String path) {
        for (String prefix : PUBLIC_PREFIXES) {
            if (isUnder(path, prefix)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isUnder(String path, String prefix) {
        return path.startsWith(prefix)
                && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/');
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
        long started = request.getAttribute(STARTED, Long.class).orElseGet(System::nanoTime);
        metrics.record(request, response, System.nanoTime() - started);
        return response;
    }
}

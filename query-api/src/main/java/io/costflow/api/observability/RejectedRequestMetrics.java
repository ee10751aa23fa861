package io.costflow.api.observability;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.UriRouteMatch;
import jakarta.inject.Singleton;
import java.util.concurrent.TimeUnit;

/**
 * Counts the requests a filter answers itself (the API key filter's 401, 403 and 429) in {@code
 * http.server.requests}, with the tags Micronaut's metrics filter gives every other response:
 * method, status, route template and exception.
 *
 * <p>Hand-written because micronaut-micrometer's own filter never sees them: it has no order, so it
 * runs after a filter that answers a request itself (micronaut-micrometer issue 970; the fix, pull
 * request 1150, is not in 5.13.2, the newest release). Drop this once the platform brings a release
 * with it; {@code EcosystemTest} shows whether it does.
 */
@Singleton
public final class RejectedRequestMetrics {

    /** Micronaut's tag for a request that matched no route. */
    static final String UNMATCHED = "UNMATCHED_URI";

    private final MeterRegistry registry;

    RejectedRequestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Records {@code response} to {@code request}, answered {@code nanos} after it came in. */
    public void record(HttpRequest<?> request, HttpResponse<?> response, long nanos) {
        Timer.builder(HttpMetricsFilter.HTTP_SERVER_REQUESTS)
                .tag("exception", "none")
                .tag("method", method(request))
                .tag("status", Integer.toString(response.code()))
                .tag("uri", uri(request))
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * The standard method's name; any other token a client sends is OTHER, so that requests without
     * a key cannot add a timer per invented method.
     */
    private static String method(HttpRequest<?> request) {
        HttpMethod method = request.getMethod();
        return method == HttpMethod.CUSTOM ? "OTHER" : method.name();
    }

    private static String uri(HttpRequest<?> request) {
        return RouteAttributes.getRouteMatch(request)
                .filter(UriRouteMatch.class::isInstance)
                .map(match -> ((UriRouteMatch<?, ?>) match).getRouteInfo())
                .map(route -> route.getUriMatchTemplate().toPathString())
                .orElse(UNMATCHED);
    }
}

package io.costflow.api.security;

import io.micronaut.http.HttpRequest;
import java.security.Principal;

/**
 * The API key a request was authenticated with: its id, its non-secret prefix and its role. Never
 * the key itself. The filter sets it as the request's user principal, which is also what lets
 * {@code /health} show its details to a caller with a key ({@code details-visible: AUTHENTICATED}).
 */
public record ApiKeyPrincipal(String keyId, String keyPrefix, Role role) implements Principal {

    /** The key's non-secret prefix, as logs and problem details name it. */
    @Override
    public String getName() {
        return keyPrefix;
    }

    /**
     * The key that authenticated {@code request}.
     *
     * @throws IllegalStateException when no key authenticated it: a public route asked without one
     */
    public static ApiKeyPrincipal of(HttpRequest<?> request) {
        return request.getUserPrincipal(ApiKeyPrincipal.class)
                .orElseThrow(
                        () ->
                                new IllegalStateException(
                                        "no API key authenticated " + request.getPath()));
    }
}

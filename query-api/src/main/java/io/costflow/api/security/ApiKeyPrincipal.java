package io.costflow.api.security;

import io.micronaut.http.HttpRequest;

/**
 * The API key a request was authenticated with: its id, its non-secret prefix and its role. Never
 * the key itself.
 */
public record ApiKeyPrincipal(String keyId, String keyPrefix, Role role) {

    /** The request attribute under which the filter leaves the authenticated key. */
    public static final String ATTRIBUTE = "costflow.api-key";

    /**
     * The key that authenticated {@code request}.
     *
     * @throws IllegalStateException on a public route, which no key authenticated
     */
    public static ApiKeyPrincipal of(HttpRequest<?> request) {
        return request.getAttribute(ATTRIBUTE, ApiKeyPrincipal.class)
                .orElseThrow(
                        () ->
                                new IllegalStateException(
                                        "no API key authenticated " + request.getPath()));
    }
}

package io.costflow.api.security;

/**
 * The API key a request was authenticated with: its id, its non-secret prefix and its role. Never
 * the key itself.
 */
public record ApiKeyPrincipal(String keyId, String keyPrefix, Role role) {}

package io.costflow.api.security;

/**
 * What an API key may do. Each role includes the ones before it: an operator may do what a viewer
 * may, an admin what an operator may.
 */
public enum Role {
    /** Reads costs, services, recommendations and alerts. */
    VIEWER,
    /** Also simulates, applies and rolls back recommendations. */
    OPERATOR,
    /** Also changes service configs and manages API keys. */
    ADMIN;

    /** Whether a key with this role may call an endpoint that requires {@code required}. */
    public boolean includes(Role required) {
        return compareTo(required) >= 0;
    }
}

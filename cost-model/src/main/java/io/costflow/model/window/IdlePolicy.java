package io.costflow.model.window;

import java.io.Serializable;

/**
 * When a resource counts as idle in a window: its mean CPU stays under {@code maxMeanCpu} and it
 * served at most {@code maxRequests} requests.
 */
public record IdlePolicy(double maxMeanCpu, long maxRequests) implements Serializable {

    /** Mean CPU under 3 % and no requests. */
    public static final IdlePolicy DEFAULT = new IdlePolicy(0.03, 0);
}

package io.costflow.model.advice;

/**
 * How far {@link ScaleInAdvisor} may go.
 *
 * @param minReplicas never propose fewer; 2 by default so one failure does not take a service down
 */
public record ScaleInSettings(int minReplicas) {

    public static final ScaleInSettings DEFAULT = new ScaleInSettings(2);

    public ScaleInSettings {
        if (minReplicas < 1) {
            throw new IllegalArgumentException(
                    "minReplicas must be at least 1, was " + minReplicas);
        }
    }
}

package io.costflow.pipeline.recommend;

import java.time.Instant;

/**
 * A recommendation this run of the job does not hold and no earlier run may still show as open: its
 * row in PostgreSQL {@code recommendation} is withdrawn if it is OPEN at a revision below {@code
 * revision}, which is below no revision this run emits for the service. Such a row is left by a run
 * that failed after its last checkpoint (it opened the recommendation, the replay did not) or by a
 * job whose state was lost.
 *
 * @param revision the withdrawal's revision: when this run settled the service, which no revision
 *     it emits for the service afterwards is below
 * @param at when the retraction was decided
 */
public record RecommendationRetraction(
        String recommendationId, String serviceId, long revision, Instant at) {}

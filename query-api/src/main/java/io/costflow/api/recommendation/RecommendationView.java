package io.costflow.api.recommendation;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/**
 * A recommendation of the pipeline as stored. A proposed field is null where the change keeps
 * today's value; amounts are exact decimal strings in {@code currency}.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
record RecommendationView(
        String recommendationId,
        String serviceId,
        String kind,
        String state,
        String currentInstanceType,
        int currentReplicas,
        @Nullable String proposedInstanceType,
        @Nullable Integer proposedReplicas,
        @Nullable String proposedPricingModel,
        String monthlySavingsList,
        String monthlySavingsEffective,
        String currency,
        double confidence,
        double predictedUtilization,
        double predictedP99LatencyMs,
        String explanation,
        long revision,
        Instant createdAt,
        Instant updatedAt) {}

package io.costflow.api.recommendation;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** One page of recommendations, most recently updated first; {@code page} counts from 0. */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
record RecommendationPage(List<RecommendationView> items, int page, int size, long totalItems) {}

package io.costflow.api.recommendation;

import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** One page of recommendations, most recently updated first; {@code page} counts from 0. */
@Serdeable
record RecommendationPage(List<RecommendationView> items, int page, int size, long totalItems) {}

package io.costflow.api.recommendation;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * One page of recommendations, most recently updated first.
 *
 * @param page the page number asked for, from 0; null when the page was asked for by cursor
 * @param totalItems how many recommendations the filter matches in all
 * @param nextCursor the {@code cursor} of the next page; null on the last page
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
record RecommendationPage(
        List<RecommendationView> items,
        @Nullable Integer page,
        int size,
        long totalItems,
        @Nullable String nextCursor) {}

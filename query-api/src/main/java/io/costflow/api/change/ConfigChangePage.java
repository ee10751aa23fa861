package io.costflow.api.change;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * One page of a service's config changes, newest first.
 *
 * @param page the page number asked for, from 0; null when the page was asked for by cursor
 * @param totalItems how many changes the service has in all
 * @param nextCursor the {@code cursor} of the next page; null on the last page
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
record ConfigChangePage(
        List<ConfigChangeView> items,
        @Nullable Integer page,
        int size,
        long totalItems,
        @Nullable String nextCursor) {}

package io.costflow.api.alert;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * One page of alerts, newest event first.
 *
 * @param page the page number asked for, from 0; null when the page was asked for by cursor
 * @param totalItems how many alerts the filter matches in all
 * @param nextCursor the {@code cursor} of the next page; null on the last page
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
record AlertPage(
        List<AlertView> items,
        @Nullable Integer page,
        int size,
        long totalItems,
        @Nullable String nextCursor) {}

package io.costflow.api.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * One page of service configs, ordered by service id.
 *
 * @param page the page number asked for, from 0; null when the page was asked for by cursor
 * @param totalItems how many services there are in all
 * @param nextCursor the {@code cursor} of the next page; null on the last page
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
record ServicePage(
        List<ServiceConfigResponse> items,
        @Nullable Integer page,
        int size,
        long totalItems,
        @Nullable String nextCursor) {}

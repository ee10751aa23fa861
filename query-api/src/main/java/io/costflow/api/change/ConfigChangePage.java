package io.costflow.api.change;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** One page of a service's config changes, newest first; {@code page} counts from 0. */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
record ConfigChangePage(List<ConfigChangeView> items, int page, int size, long totalItems) {}

package io.costflow.api.alert;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** One page of alerts, newest event first; {@code page} counts from 0. */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
record AlertPage(List<AlertView> items, int page, int size, long totalItems) {}

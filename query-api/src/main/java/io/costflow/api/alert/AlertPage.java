package io.costflow.api.alert;

import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** One page of alerts, newest event first; {@code page} counts from 0. */
@Serdeable
record AlertPage(List<AlertView> items, int page, int size, long totalItems) {}

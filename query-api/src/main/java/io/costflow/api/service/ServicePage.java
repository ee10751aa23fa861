package io.costflow.api.service;

import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** One page of service configs, ordered by service id; {@code page} counts from 0. */
@Serdeable
record ServicePage(List<ServiceConfigResponse> items, int page, int size, long totalItems) {}

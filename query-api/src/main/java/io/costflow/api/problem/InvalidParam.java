package io.costflow.api.problem;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * One rejected request parameter of a problem: its name, the value as sent (absent when it was
 * missing) and the rule it broke.
 */
@Serdeable
public record InvalidParam(String name, @Nullable String value, String reason) {}

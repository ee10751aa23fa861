package io.costflow.api.simulation;

import io.micronaut.serde.annotation.Serdeable;

/**
 * A named what-if a simulate request may give as {@code template}.
 *
 * @param name the value of {@code template}, e.g. {@code ONE_SIZE_DOWN}
 * @param label what it does, for people
 */
@Serdeable
record TemplateView(String name, String label) {}

package io.costflow.api.recommendation;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.costflow.api.ServiceIds;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** The body of {@code POST /v1/recommend}: the service to evaluate now. */
@Serdeable
@JsonIgnoreProperties(ignoreUnknown = false)
record RecommendRequest(
        @NotNull
                @Pattern(
                        regexp = ServiceIds.CONFIGURABLE_PATTERN,
                        message =
                                "must be 1 to 128 letters, digits or . _ : -, starting with a"
                                        + " letter or digit")
                String serviceId) {}

package io.costflow.api.change;

import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** The body of {@code POST /v1/config/apply}: the open recommendation to make the config. */
@Serdeable
record ApplyRequest(
        @NotNull
                @Pattern(
                        regexp = ConfigChangeController.RECOMMENDATION_ID,
                        message =
                                "must be a recommendation id such as checkout/rightsize: letters,"
                                        + " digits or . _ : / -")
                String recommendationId) {}

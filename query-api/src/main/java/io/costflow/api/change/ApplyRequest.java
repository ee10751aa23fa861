package io.costflow.api.change;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** The body of {@code POST /v1/config/apply}: the open recommendation to make the config. */
@Serdeable
@JsonIgnoreProperties(ignoreUnknown = false)
record ApplyRequest(
        @NotNull
                @Pattern(
                        regexp = ConfigChangeController.RECOMMENDATION_ID,
                        message =
                                "must be a recommendation id such as checkout/rightsize: letters,"
                                        + " digits or . _ : / -")
                String recommendationId) {}

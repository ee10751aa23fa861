package io.costflow.api.service;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.math.BigDecimal;

/**
 * The body of {@code PUT /v1/services/{id}}: a service's SLOs, budget, owner and deployment.
 *
 * @param replicas a whole number; read as a decimal so that {@code 1.5} is refused rather than
 *     silently truncated to 1
 * @param replicas a whole number; read as a decimal so that {@code 1.5} is refused rather than
 *     silently truncated to 1
 * @param monthlyBudget a plain decimal such as {@code "1250.50"} (at most 26 integer and 12
 *     fraction digits), preferably a JSON string so no client rounds money through a float; a JSON
 *     number is read from its text, never through a double; absent for no budget
 */
@Serdeable
@JsonIgnoreProperties(ignoreUnknown = false)
record ServiceConfigRequest(
        @NotNull @Pattern(regexp = NAME, message = NAME_RULE) String owner,
        @NotNull
                @DecimalMin(value = "0", inclusive = false, message = OPEN_UNIT)
                @DecimalMax(value = "1", inclusive = false, message = OPEN_UNIT)
                Double availabilityTarget,
        @NotNull
                @DecimalMin(value = "0", inclusive = false, message = "must be greater than 0")
                @DecimalMax(value = "3600000", message = "must be at most 3600000 (one hour)")
                Double latencyThresholdMs,
        @NotNull
                @DecimalMin(value = "0", inclusive = false, message = OPEN_UNIT)
                @DecimalMax(value = "1", inclusive = false, message = OPEN_UNIT)
                Double latencyTarget,
        @Nullable
                @Pattern(
                        regexp = "(0|[1-9][0-9]{0,25})(\\.[0-9]{1,12})?",
                        message =
                                "must be a non-negative decimal string with at most 26 integer"
                                        + " and 12 fraction digits, such as \"1250.50\"")
                String monthlyBudget,
        @NotNull @CurrencyCode String currency,
        @NotNull @IanaZone String budgetTimeZone,
        @NotNull @Pattern(regexp = NAME, message = NAME_RULE) String instanceType,
        @NotNull
                @Digits(integer = 5, fraction = 0, message = "must be a whole number")
                @Min(1)
                @Max(10_000)
                BigDecimal replicas) {

    /** Micronaut's default messages leave out whether a bound is exclusive. */
    static final String OPEN_UNIT = "must be greater than 0 and less than 1";

    /** Owners and instance types are identifiers, never free text. */
    static final String NAME = "[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}";

    static final String NAME_RULE =
            "must be 1 to 128 letters, digits or . _ : / -, starting with a letter or digit";
}

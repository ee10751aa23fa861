package io.costflow.api.simulation;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.costflow.api.ServiceIds;
import io.costflow.model.simulation.PricingModel;
import io.costflow.model.simulation.ScenarioTemplate;
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
 * A what-if for one service: either a {@code template} or explicit fields, each of which defaults
 * to today's deployment (instance type, replicas), on demand, at today's traffic. Whole numbers are
 * read as decimals so that {@code 1.5} is refused rather than truncated.
 *
 * @param replicas 0 models removing the service
 * @param trafficMultiplier 1 for today's traffic, 2 for twice as much
 * @param horizonMonths how many months the savings are added up over; 12 when absent
 */
@Serdeable
@JsonIgnoreProperties(ignoreUnknown = false)
record SimulationRequest(
        @NotNull
                @Pattern(
                        regexp = ServiceIds.CONFIGURABLE_PATTERN,
                        message =
                                "must be 1 to 128 letters, digits or . _ : -, starting with a"
                                        + " letter or digit")
                String serviceId,
        @Nullable ScenarioTemplate template,
        @Nullable
                @Pattern(
                        regexp = "[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}",
                        message =
                                "must be 1 to 128 letters, digits or . _ : / -, starting with a"
                                        + " letter or digit")
                String instanceType,
        @Nullable
                @Digits(integer = 5, fraction = 0, message = "must be a whole number")
                @Min(0)
                @Max(10_000)
                BigDecimal replicas,
        @Nullable PricingModel pricingModel,
        @Nullable
                @DecimalMin(value = "0", message = "must be at least 0")
                @DecimalMax(value = "100", message = "must be at most 100")
                Double trafficMultiplier,
        @Nullable
                @Digits(integer = 3, fraction = 0, message = "must be a whole number")
                @Min(1)
                @Max(60)
                BigDecimal horizonMonths) {

    static final int DEFAULT_HORIZON_MONTHS = 12;

    boolean hasExplicitFields() {
        return instanceType != null
                || replicas != null
                || pricingModel != null
                || trafficMultiplier != null;
    }

    int horizon() {
        return horizonMonths == null ? DEFAULT_HORIZON_MONTHS : horizonMonths.intValueExact();
    }
}

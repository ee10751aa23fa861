package io.costflow.model.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.costflow.schemas.Decimals;
import io.costflow.schemas.ServiceConfig;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServiceConfigValidatorTest {

    private final ServiceConfigValidator validator = new ServiceConfigValidator();

    @Test
    void shouldAcceptAUsableConfigWithOrWithoutBudget() {
        assertThat(validator.validate(config().build())).isEmpty();
        assertThat(validator.validate(config().setMonthlyBudget(null).build())).isEmpty();
        assertThat(validator.validate(config().setMonthlyBudget(Decimals.of("0")).build()))
                .isEmpty();
    }

    @Test
    void shouldRejectMissingIds() {
        assertThat(code(validator.validate(config().setServiceId(" ").build())))
                .isEqualTo(Rejection.MISSING_ID);
        assertThat(code(validator.validate(config().setOwner("").build())))
                .isEqualTo(Rejection.MISSING_ID);
        assertThat(code(validator.validate(config().setInstanceType(" ").build())))
                .isEqualTo(Rejection.MISSING_ID);
    }

    @Test
    void shouldRejectTargetsOutsideTheOpenUnitInterval() {
        assertThat(validator.validate(config().setAvailabilityTarget(0.999999).build())).isEmpty();
        for (double bad : new double[] {0, 1, -0.5, 1.5, Double.NaN}) {
            assertThat(code(validator.validate(config().setAvailabilityTarget(bad).build())))
                    .as("availabilityTarget %s", bad)
                    .isEqualTo(ServiceConfigValidator.INVALID_CONFIG);
            assertThat(code(validator.validate(config().setLatencyTarget(bad).build())))
                    .as("latencyTarget %s", bad)
                    .isEqualTo(ServiceConfigValidator.INVALID_CONFIG);
        }
    }

    @Test
    void shouldRejectValuesTheModelCannotUse() {
        assertThat(code(validator.validate(config().setLatencyThresholdMs(0).build())))
                .isEqualTo(ServiceConfigValidator.INVALID_CONFIG);
        assertThat(code(validator.validate(config().setLatencyThresholdMs(Double.NaN).build())))
                .isEqualTo(ServiceConfigValidator.INVALID_CONFIG);
        assertThat(
                        code(
                                validator.validate(
                                        config().setLatencyThresholdMs(Double.POSITIVE_INFINITY)
                                                .build())))
                .isEqualTo(ServiceConfigValidator.INVALID_CONFIG);
        assertThat(code(validator.validate(config().setReplicas(0).build())))
                .isEqualTo(ServiceConfigValidator.INVALID_CONFIG);
        assertThat(code(validator.validate(config().setMonthlyBudget(Decimals.of("-1")).build())))
                .isEqualTo(ServiceConfigValidator.INVALID_CONFIG);
        Optional<Rejection> zone =
                validator.validate(config().setBudgetTimeZone("Mars/Olympus").build());
        assertThat(code(zone)).isEqualTo(ServiceConfigValidator.INVALID_CONFIG);
        assertThat(zone.orElseThrow().detail()).contains("Mars/Olympus");
    }

    private static String code(Optional<Rejection> rejection) {
        return rejection.map(Rejection::code).orElse("accepted");
    }

    private static ServiceConfig.Builder config() {
        return ServiceConfig.newBuilder()
                .setServiceId("checkout")
                .setOwner("payments")
                .setAvailabilityTarget(0.999)
                .setLatencyThresholdMs(300)
                .setLatencyTarget(0.99)
                .setMonthlyBudget(Decimals.of("12000"))
                .setBudgetCurrency("USD")
                .setBudgetTimeZone("Europe/Berlin")
                .setInstanceType("m6i.large")
                .setReplicas(4)
                .setVersion(1)
                .setUpdatedAt(Instant.parse("2026-11-01T00:00:00Z"));
    }
}

package io.costflow.api.service;

import io.micronaut.context.annotation.Factory;
import io.micronaut.validation.validator.constraints.ConstraintValidator;
import jakarta.inject.Singleton;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.Set;
import java.util.stream.Collectors;

/** The validators of {@link IanaZone} and {@link CurrencyCode}; null passes, as with Jakarta's. */
@Factory
class ServiceConfigValidators {

    private static final Set<String> CURRENCIES =
            Currency.getAvailableCurrencies().stream()
                    .map(Currency::getCurrencyCode)
                    .collect(Collectors.toUnmodifiableSet());

    @Singleton
    ConstraintValidator<IanaZone, String> ianaZoneValidator() {
        return (value, annotation, context) -> value == null || isIanaZone(value);
    }

    @Singleton
    ConstraintValidator<CurrencyCode, String> currencyCodeValidator() {
        return (value, annotation, context) -> value == null || CURRENCIES.contains(value);
    }

    /**
     * Region ids only (and UTC): ZoneId also parses fixed offsets such as {@code +02:00}, which
     * have no daylight saving rules and so are not what a budget month should roll over in.
     */
    static boolean isIanaZone(String value) {
        if (value.equals("UTC")) {
            return true;
        }
        return ZoneId.getAvailableZoneIds().contains(value)
                && !(ZoneId.of(value) instanceof ZoneOffset);
    }
}

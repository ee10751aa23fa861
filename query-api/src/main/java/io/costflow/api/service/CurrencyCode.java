package io.costflow.api.service;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** An ISO 4217 currency code such as {@code USD}, in upper case. */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.TYPE_USE})
@Constraint(validatedBy = {})
@interface CurrencyCode {
    String message() default "must be an ISO 4217 currency code such as USD";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}

package io.costflow.api.service;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A region-based IANA time zone id such as {@code Europe/Berlin}, or {@code UTC}. */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.TYPE_USE})
@Constraint(validatedBy = {})
@interface IanaZone {
    String message() default "must be an IANA time zone such as Europe/Berlin or UTC";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}

package io.costflow.model.validation;

import java.io.Serializable;
import java.util.Optional;

/** Checks one decoded record; the first problem found is its rejection. */
@FunctionalInterface
public interface RecordValidator<T> extends Serializable {

    Optional<Rejection> validate(T record);
}

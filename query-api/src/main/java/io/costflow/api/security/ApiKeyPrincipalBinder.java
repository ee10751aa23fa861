package io.costflow.api.security;

import io.micronaut.core.bind.ArgumentBinder.BindingResult;
import io.micronaut.core.convert.ArgumentConversionContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.bind.binders.TypedRequestArgumentBinder;
import jakarta.inject.Singleton;
import java.security.Principal;
import java.util.Optional;

/**
 * Binds a {@link Principal} argument to the {@link ApiKeyPrincipal} that {@link ApiKeyFilter} set
 * on the request, or to null. Micronaut binds {@code Principal} only with Micronaut Security, which
 * costflow does not use; the health endpoint asks for one to decide whether to show its details.
 */
@Singleton
final class ApiKeyPrincipalBinder implements TypedRequestArgumentBinder<Principal> {

    private static final Argument<Principal> TYPE = Argument.of(Principal.class);

    @Override
    public Argument<Principal> argumentType() {
        return TYPE;
    }

    @Override
    public BindingResult<Principal> bind(
            ArgumentConversionContext<Principal> context, HttpRequest<?> source) {
        Optional<Principal> principal = source.getUserPrincipal();
        return principal.isPresent() ? () -> principal : BindingResult.empty();
    }
}

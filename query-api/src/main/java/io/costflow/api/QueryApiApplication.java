package io.costflow.api;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

/** Starts the costflow query API: HTTP on Netty, PostgreSQL migrated by Flyway at start-up. */
@OpenAPIDefinition(
        info =
                @Info(
                        title = "costflow query API",
                        version = "v1",
                        description =
                                "Cost windows, totals, metrics and service configs of costflow."
                                        + " Errors are application/problem+json."),
        security = @SecurityRequirement(name = "apiKey"))
@SecurityScheme(
        name = "apiKey",
        type = SecuritySchemeType.HTTP,
        scheme = "bearer",
        description = "An API key: Authorization: Bearer <key>")
public final class QueryApiApplication {

    private QueryApiApplication() {}

    public static void main(String[] args) {
        Micronaut.run(QueryApiApplication.class, args);
    }
}

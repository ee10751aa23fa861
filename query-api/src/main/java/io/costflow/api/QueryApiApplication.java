package io.costflow.api;

import io.micronaut.runtime.Micronaut;

/** Starts the costflow query API: HTTP on Netty, PostgreSQL migrated by Flyway at start-up. */
public final class QueryApiApplication {

    private QueryApiApplication() {}

    public static void main(String[] args) {
        Micronaut.run(QueryApiApplication.class, args);
    }
}

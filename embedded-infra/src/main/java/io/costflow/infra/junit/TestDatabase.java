package io.costflow.infra.junit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * A fresh, migrated PostgreSQL schema for one test. Connections from {@link #jdbcUrl()} use it as
 * their search path, so code under test needs no schema names.
 */
public record TestDatabase(String schema, String jdbcUrl, String user, String password) {

    /** A new connection; the caller closes it. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, user, password);
    }
}

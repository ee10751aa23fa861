package io.costflow.localstack;

import io.costflow.api.QueryApiApplication;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.server.EmbeddedServer;
import java.util.Map;

/** The query API (Micronaut) started in this process against a given PostgreSQL. */
public final class EmbeddedApi implements AutoCloseable {

    private final ApplicationContext context;
    private final String url;

    private EmbeddedApi(ApplicationContext context) {
        this.context = context;
        this.url = context.getBean(EmbeddedServer.class).getURL().toString();
    }

    /** Starts the API on {@code port} (0 = any free port). */
    public static EmbeddedApi start(String jdbcUrl, String user, String password, int port) {
        ApplicationContext context =
                Micronaut.build(new String[0])
                        .mainClass(QueryApiApplication.class)
                        .banner(false)
                        .properties(
                                Map.of(
                                        "datasources.default.url", jdbcUrl,
                                        "datasources.default.username", user,
                                        "datasources.default.password", password,
                                        "micronaut.server.port", port == 0 ? -1 : port))
                        .start();
        return new EmbeddedApi(context);
    }

    /** Base URL, e.g. {@code http://localhost:8080}. */
    public String url() {
        return url;
    }

    @Override
    public void close() {
        context.close();
    }
}

package io.costflow.infra.junit;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test real infrastructure: parameters of type {@link TestDatabase} get a fresh migrated
 * schema, {@link TestTopics} a fresh topic namespace, {@link SharedInfrastructure} the broker and
 * server themselves. Both servers start once per JVM and stop when the test plan ends.
 *
 * <pre>{@code
 * @ExtendWith(CostflowInfraExtension.class)
 * class CostWindowSinkTest {
 *     @Test
 *     void shouldUpsert(TestDatabase db, TestTopics topics) { ... }
 * }
 * }</pre>
 */
public final class CostflowInfraExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(CostflowInfraExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        // Registered in the root store: JUnit closes it once, after the last test of the plan.
        context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(
                        SharedInfrastructure.class,
                        k -> SharedInfrastructure.get(),
                        SharedInfrastructure.class);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == TestDatabase.class
                || type == TestTopics.class
                || type == SharedInfrastructure.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        SharedInfrastructure infra = SharedInfrastructure.get();
        if (type == TestDatabase.class) {
            return infra.newDatabase();
        }
        if (type == TestTopics.class) {
            return infra.newTopics();
        }
        return infra;
    }
}

package ai.composo.junit;

import ai.composo.AsyncComposo;
import ai.composo.Composo;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Runs Composo evaluations in JUnit 5 tests (use it through {@link ComposoTest}).
 *
 * <p><b>Where evaluations go.</b> One target per test run, started on first use and closed after the last test:
 * a Composo server in this process on 127.0.0.1 with the embedded judge (offline, nothing downloaded) unless
 * {@code composo.base-url} / {@code COMPOSO_BASE_URL} names a server or {@code composo.api-key} /
 * {@code COMPOSO_API_KEY} is set (then the hosted API). {@code composo.judge-config} / {@code COMPOSO_JUDGE_CONFIG}
 * names a server configuration for the in-process server's judges; {@code composo.model-core} is sent with every
 * request. Settings are JUnit configuration parameters or system properties, then environment variables.
 *
 * <p><b>What a run writes</b> to {@code composo.output-dir} (default {@code target/composo}): {@code results.jsonl}
 * with its manifest (the format of {@code composo eval}), {@code report.html} when the run ends, and each class's
 * results in {@code classes/}. {@link Composo} and {@link AsyncComposo} parameters receive the run's clients.
 */
public final class ComposoExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterTestExecutionCallback,
        AfterEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(ComposoExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        classRun(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        CurrentTest.begin(classRun(context), testId(context));
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        CurrentTest test = CurrentTest.end();
        if (test == null || context.getExecutionException().isPresent()) {
            return;
        }
        List<String> failures = new ArrayList<>();
        AssertionError first = null;
        for (CurrentTest.Deferred d : test.pending()) {
            try {
                d.verify();
            } catch (AssertionError e) {
                first = first == null ? e : first;
                failures.add(e.getMessage());
            }
        }
        if (first != null) {
            throw failures.size() == 1 ? first : new AssertionError(String.join("\n", failures));
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        CurrentTest.end();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        ClassRun run = context.getStore(NS).remove(ClassRun.class, ClassRun.class);
        if (run == null) {
            return;
        }
        Path results = run.finish();
        Class<?> testClass = context.getRequiredTestClass();
        ComposoRegressionGate gate = testClass.getAnnotation(ComposoRegressionGate.class);
        if (gate != null) {
            RegressionGate.check(gate, results, testClass.getClassLoader());
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Composo.class || type == AsyncComposo.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        TestRun run = run(context);
        return parameter.getParameter().getType() == Composo.class ? run.blocking() : run.async();
    }

    private static ClassRun classRun(ExtensionContext context) {
        ClassRun existing = context.getStore(NS).get(ClassRun.class, ClassRun.class);
        if (existing != null) {
            return existing;
        }
        Supplier<TestRun> run = () -> run(context);
        return context.getStore(NS).getOrComputeIfAbsent(ClassRun.class, k -> new ClassRun(context.getRequiredTestClass(), run), ClassRun.class);
    }

    private static TestRun run(ExtensionContext context) {
        return context.getRoot().getStore(NS).getOrComputeIfAbsent(TestRun.class,
                k -> TestRun.start(Settings.read(context::getConfigurationParameter, System.getenv())), TestRun.class);
    }

    /** {@code Class.method}, plus the invocation's name for parameterised and repeated tests. */
    private static String testId(ExtensionContext context) {
        String base = context.getRequiredTestClass().getSimpleName() + "." + context.getTestMethod().map(Method::getName).orElse("?");
        Optional<Method> m = context.getTestMethod();
        String display = context.getDisplayName();
        return m.isPresent() && !display.equals(m.get().getName() + "()") && display.startsWith("[") ? base + " " + display : base;
    }
}

package ai.composo.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/** Runs test classes on the Jupiter engine, as a separate test run with its own output folder. */
final class TestKit {
    private TestKit() {}

    static EngineExecutionResults run(Path outputDir, Map<String, String> parameters, Class<?>... classes) {
        Map<String, String> all = new LinkedHashMap<>(parameters);
        all.put(OnlyInTestKit.PARAMETER, "true");
        all.put(Settings.OUTPUT_DIR, outputDir.toString());
        // an engineer's COMPOSO_API_KEY must not send the tests' conversations anywhere
        all.putIfAbsent(Settings.BASE_URL, "");
        all.putIfAbsent(Settings.API_KEY, "");
        EngineTestKit.Builder b = EngineTestKit.engine("junit-jupiter").configurationParameters(all);
        for (Class<?> c : classes) {
            b.selectors(selectClass(c));
        }
        return b.execute();
    }

    static EngineExecutionResults run(Path outputDir, Class<?>... classes) {
        return run(outputDir, Map.of(), classes);
    }

    /** The failure message of the test whose display name is {@code name}. */
    static String failure(EngineExecutionResults results, String name) {
        List<Event> failed = results.testEvents().failed().stream().filter(e -> e.getTestDescriptor().getDisplayName().equals(name)).toList();
        if (failed.isEmpty()) {
            throw new AssertionError("no failed test named " + name + "; failed: "
                    + results.testEvents().failed().list().stream().map(e -> e.getTestDescriptor().getDisplayName()).toList());
        }
        return failed.get(0).getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
                .getThrowable().orElseThrow().getMessage();
    }

    /** The failure message of the container (a class, a parameterised test) whose display name is {@code name}. */
    static String containerFailure(EngineExecutionResults results, String name) {
        List<Event> failed = results.containerEvents().failed().stream().filter(e -> e.getTestDescriptor().getDisplayName().equals(name)).toList();
        if (failed.isEmpty()) {
            throw new AssertionError("no failed container named " + name + "; failed: "
                    + results.containerEvents().failed().stream().map(e -> e.getTestDescriptor().getDisplayName()).toList());
        }
        return failed.get(0).getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
                .getThrowable().orElseThrow().getMessage();
    }

    static List<String> names(java.util.stream.Stream<Event> events) {
        return events.map(e -> e.getTestDescriptor().getDisplayName()).toList();
    }
}

package ai.composo.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rules over the main classes of every module, read from their class files: the shared internals
 * ({@code ai.composo.internal}, marked {@link ai.composo.internal.Internal}) are used only by the modules allowed
 * to, and no two packages depend on each other.
 */
class ArchitectureTest {
    /** Modules built with the SDK's internals. A new module is not on this list until someone decides it should be. */
    static final Set<String> MAY_USE_INTERNALS = Set.of("composo-core", "composo-judge-api", "composo-server", "composo-judge-openai",
            "composo-cli", "composo-langchain4j", "composo-opentelemetry", "composo-bench");
    private static final Pattern MODULE = Pattern.compile("/(composo-[a-z0-9-]+|examples)/target/classes/|/(composo-[a-z0-9-]+)-\\d[^/]*\\.jar");

    static JavaClasses classes;

    @BeforeAll
    static synchronized void importMainClasses() {
        if (classes != null) {
            return;
        }
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("ai.composo");
    }

    static String module(JavaClass c) {
        String uri = c.getSource().map(s -> s.getUri().toString()).orElse("");
        Matcher m = MODULE.matcher(uri);
        if (!m.find()) {
            return "unknown (" + uri + ")";
        }
        String name = m.group(1) != null ? m.group(1) : m.group(2);
        return name.equals("examples") ? "composo-examples" : name;
    }

    @Test
    void everyModuleIsImported() {
        Set<String> modules = new TreeSet<>();
        classes.forEach(c -> modules.add(module(c)));
        assertThat(modules).contains("composo-core", "composo-server", "composo-cli", "composo-judge-embedded", "composo-examples", "composo-spark")
                .allSatisfy(m -> assertThat(m).doesNotStartWith("unknown"));
    }

    @Test
    void onlyTheAllowedModulesUseTheSharedInternals() {
        List<String> violations = new ArrayList<>();
        for (JavaClass c : classes) {
            String from = module(c);
            if (MAY_USE_INTERNALS.contains(from)) {
                continue;
            }
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                if (d.getTargetClass().getPackageName().startsWith("ai.composo.internal")) {
                    violations.add(from + ": " + d.getDescription());
                }
            }
        }
        assertThat(violations).as("uses of ai.composo.internal outside %s", MAY_USE_INTERNALS).isEmpty();
    }

    @Test
    void everySharedInternalTypeIsMarked() {
        List<String> unmarked = new ArrayList<>();
        for (JavaClass c : classes) {
            if (c.getPackageName().startsWith("ai.composo.internal.") && c.getModifiers().contains(com.tngtech.archunit.core.domain.JavaModifier.PUBLIC)
                    && !c.getPackage().isAnnotatedWith(ai.composo.internal.Internal.class) && !c.isAnnotatedWith(ai.composo.internal.Internal.class)) {
                unmarked.add(c.getName());
            }
        }
        assertThat(unmarked).isEmpty();
    }

    /** The SDK (composo-core, the one module users depend on): no cycle at all. */
    @Test
    void theSdkHasNoPackageCycles() {
        JavaClasses sdk = classes.that(com.tngtech.archunit.base.DescribedPredicate.describe("in composo-core",
                c -> module(c).equals("composo-core")));
        assertThat(sdk.size()).isGreaterThan(50);
        slices().matching("ai.composo.(**)").should().beFreeOfCycles().check(sdk);
    }

    /**
     * Groups of packages that depend on each other and existed when this rule came in: a command package and its
     * {@code internal} package using each other (the CLI, the server) and the embedded judge's internal packages.
     * They may shrink; no new group may appear and none may grow.
     */
    static final List<Set<String>> KNOWN_CYCLES = List.of(
            Set.of("ai.composo.cli", "ai.composo.cli.internal", "ai.composo.cli.internal.compare", "ai.composo.cli.internal.calibrate"),
            Set.of("ai.composo.server", "ai.composo.server.cli", "ai.composo.server.internal"),
            Set.of("ai.composo.judge.embedded.internal", "ai.composo.judge.embedded.internal.reading",
                    "ai.composo.judge.embedded.internal.signals"));

    /** Every module: each group of mutually dependent packages is one of {@link #KNOWN_CYCLES} or part of one. */
    @Test
    void noNewPackageCycles() {
        Map<String, Set<String>> graph = new java.util.TreeMap<>();
        for (JavaClass c : classes) {
            Set<String> out = graph.computeIfAbsent(c.getPackageName(), p -> new TreeSet<>());
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                String to = d.getTargetClass().getPackageName();
                if (to.startsWith("ai.composo") && !to.equals(c.getPackageName())) {
                    out.add(to);
                }
            }
        }
        List<String> unexpected = new ArrayList<>();
        for (Set<String> group : stronglyConnected(graph)) {
            if (group.size() > 1 && KNOWN_CYCLES.stream().noneMatch(k -> k.containsAll(group))) {
                unexpected.add(String.join(" <-> ", group));
            }
        }
        assertThat(unexpected).as("packages that now depend on each other").isEmpty();
    }

    /** Tarjan's strongly connected components of a package graph. */
    static List<Set<String>> stronglyConnected(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new java.util.HashMap<>();
        Map<String, Integer> low = new java.util.HashMap<>();
        java.util.Deque<String> stack = new java.util.ArrayDeque<>();
        Set<String> onStack = new java.util.HashSet<>();
        List<Set<String>> out = new ArrayList<>();
        int[] counter = {0};
        for (String v : graph.keySet()) {
            if (!index.containsKey(v)) {
                connect(v, graph, index, low, stack, onStack, out, counter);
            }
        }
        return out;
    }

    private static void connect(String v, Map<String, Set<String>> graph, Map<String, Integer> index, Map<String, Integer> low,
                                java.util.Deque<String> stack, Set<String> onStack, List<Set<String>> out, int[] counter) {
        index.put(v, counter[0]);
        low.put(v, counter[0]++);
        stack.push(v);
        onStack.add(v);
        for (String w : graph.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                connect(w, graph, index, low, stack, onStack, out, counter);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> group = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                group.add(w);
            } while (!w.equals(v));
            out.add(group);
        }
    }
}

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
        assertThat(modules).contains("composo-core", "composo-server", "composo-cli", "composo-judge-embedded", "composo-examples")
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
     * Every module: no cycle beyond the ones recorded in {@code src/test/resources/archunit-frozen} when this rule
     * came in (a command's package and its {@code internal} package using each other, in the CLI, the server and the
     * embedded judge). A new cycle fails the build; a recorded one that is removed leaves the record.
     */
    @Test
    void noNewPackageCycles() {
        com.tngtech.archunit.library.freeze.FreezingArchRule.freeze(slices().matching("ai.composo.(**)").should().beFreeOfCycles())
                .check(classes);
    }
}

package ai.composo.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/ARCHITECTURE.md} names only classes that exist: every {@code `Name`} or {@code `Name.member`} in
 * backticks that looks like a class name must be a class, record, interface or enum of some module.
 */
class ArchitectureDocTest {
    private static final Pattern NAMED = Pattern.compile("`([A-Z][A-Za-z0-9]+)(?:\\.[a-zA-Z]+(?:\\([^`]*\\))?)?`");
    /** Backticked capitalised words that are not our classes: JDK and library types the text mentions. */
    private static final Set<String> NOT_OURS = Set.of("CompletableFuture", "AutoCloseable", "User", "HttpClient", "Evaluator");

    @Test
    void everyClassTheArchitectureNamesExists() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "ARCHITECTURE.md").toAbsolutePath().normalize(), StandardCharsets.UTF_8);
        ArchitectureTest.importMainClasses();
        Set<String> ours = new HashSet<>();
        for (JavaClass c : ArchitectureTest.classes) {
            ours.add(c.getSimpleName());
        }
        // the tests it names (test classes are not among the imported main classes)
        try (var files = Files.walk(Path.of("..").toAbsolutePath().normalize(), 8)) {
            files.filter(f -> f.toString().contains("/src/test/java/") && f.toString().endsWith("Test.java"))
                    .forEach(f -> ours.add(f.getFileName().toString().replace(".java", "")));
        }
        Matcher m = NAMED.matcher(doc);
        List<String> missing = new ArrayList<>();
        int named = 0;
        while (m.find()) {
            String name = m.group(1);
            if (NOT_OURS.contains(name)) {
                continue;
            }
            named++;
            if (!ours.contains(name)) {
                missing.add(name);
            }
        }
        assertThat(named).as("class names in docs/ARCHITECTURE.md").isGreaterThan(60);
        assertThat(missing).as("named in docs/ARCHITECTURE.md but no such class").isEmpty();
    }
}

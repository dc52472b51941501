package ai.composo.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** examples/junit-example's test, as `mvn verify` in its folder runs it: everything passes, the gate included. */
class JunitExampleTest {
    @Test
    void theExamplePassesAgainstItsCommittedBaselineAndWritesItsReport() throws Exception {
        // kept after the build, to read, or to take the baseline from: target/junit-example/classes/
        Path out = Path.of("target/junit-example");
        if (Files.exists(out)) {
            try (var files = Files.walk(out)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        EngineExecutionResults r = TestKit.run(out, Class.forName("com.example.support.SupportBotTest")); // package-private, as users write them
        r.allEvents().failed().stream().forEach(e -> System.out.println("FAILED " + e.getTestDescriptor().getDisplayName() + ": "
                + e.getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow().getMessage()));
        assertThat(r.allEvents().failed().count()).isZero();
        assertThat(TestKit.names(r.testEvents().succeeded().stream())).contains("answersAReturnQuestionFromThePolicy()",
                "[1] returns-worn", "[6] warranty-sole");
        assertThat(Files.readString(out.resolve("report.html"))).contains("7 rows");
    }

    @Test
    void theReadmeShowsTheExampleTestAsItIs() throws Exception {
        String test = Files.readString(Path.of("../examples/junit-example/src/test/java/com/example/support/SupportBotTest.java")).strip();
        assertThat(Files.readString(Path.of("../README.md")))
                .contains("```java examples/junit-example/src/test/java/com/example/support/SupportBotTest.java\n" + test + "\n```");
    }
}

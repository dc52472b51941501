package ai.composo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code composo compare} as a user runs it, on two real runs of the example with the embedded judge: the shipped
 * responses, and the same conversations with a deliberately worse response set (invented policies, wrong numbers).
 */
class CompareCommandProcessTest {
    static final Path EXAMPLES = EvalCommandProcessTest.EXAMPLES;
    @TempDir
    static Path dir;

    @BeforeAll
    static void twoRuns() throws Exception {
        for (String[] run : new String[][] {{"support-and-rag.jsonl", "before"}, {"support-and-rag-regressed.jsonl", "after"}}) {
            CliProcess.Result r = CliProcess.run(dir, "eval", EXAMPLES.resolve(run[0]).toString(), "--criteria-set", "rag",
                    "-o", run[1] + "/results.jsonl", "--no-report", "--local-db", "memory");
            assertThat(r.exit()).as(r.err()).isZero();
        }
    }

    @Test
    void aWorseResponseSetIsReportedAsASignificantRegressionAndFailsCi() throws Exception {
        CliProcess.Result r = CliProcess.run(dir, "compare", "before", "after", "--fail-on-regression", "--html", "compare.html");
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
        // the faithfulness criterion, [1] as in the eval summary, regressed with p < 0.05
        Matcher m = Pattern.compile("(?m)^\\[1\\]\\s+(\\d+)\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)\\s+\\[(\\S+), (\\S+)\\]\\s+(\\S+)\\s+REGRESSED").matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();
        assertThat(Integer.parseInt(m.group(1))).isEqualTo(52);
        assertThat(Double.parseDouble(m.group(4))).isNegative();
        assertThat(Double.parseDouble(m.group(6))).as("upper end of the delta's interval").isNegative();
        assertThat(Double.parseDouble(m.group(7))).isLessThan(0.05);
        assertThat(r.out()).contains("[1] Reward responses that make only claims the retrieved sources directly support")
                .contains("Rows that regressed most:").contains("pass rate");
        assertThat(r.out()).contains("WARNING: the datasets differ");
        assertThat(r.err()).contains("regressed significantly");
        var html = Jsoup.parse(dir.resolve("compare.html").toFile(), "UTF-8");
        assertThat(html.select("#criteria tbody tr.REGRESSED")).isNotEmpty();
        assertThat(html.select("#regressed tbody tr")).hasSize(10);

        CliProcess.Result noGate = CliProcess.run(dir, "compare", "before", "after");
        assertThat(noGate.exit()).isZero();
        assertThat(noGate.err()).contains("add --fail-on-regression");
    }

    @Test
    void aRunAgainstItselfHasNoChangeAndNoWarning() throws Exception {
        CliProcess.Result r = CliProcess.run(dir, "compare", "before/results.jsonl", "before", "--fail-on-regression");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("no significant change").doesNotContain("REGRESSED").doesNotContain("WARNING")
                .doesNotContain("Rows that regressed most");
    }

    @Test
    void missingAndForeignFilesAreClearErrors() throws Exception {
        CliProcess.Result missing = CliProcess.run(dir, "compare", "before", "nowhere");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("nowhere does not exist");
        Files.writeString(dir.resolve("notes.jsonl"), "{\"hello\": 1}\n");
        CliProcess.Result foreign = CliProcess.run(dir, "compare", "before", "notes.jsonl");
        assertThat(foreign.exit()).isEqualTo(2);
        assertThat(foreign.err()).contains("notes.jsonl line 1 is not a composo result line").doesNotContain("Exception");
        CliProcess.Result alpha = CliProcess.run(dir, "compare", "before", "after", "--alpha", "2");
        assertThat(alpha.exit()).isEqualTo(2);
        assertThat(alpha.err()).contains("--alpha must be between 0 and 1");
    }
}

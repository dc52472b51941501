package ai.composo.junit;

import static org.assertj.core.api.Assertions.assertThat;

import ai.composo.cli.internal.OutputFormat;
import ai.composo.cli.internal.ResultFile;
import ai.composo.cli.internal.ResultRecord;
import ai.composo.criteria.Criteria;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** {@link AssertionCases} run once through the Jupiter engine, against the in-process server and the embedded judge. */
class ComposoAssertionsTest {
    @TempDir
    static Path out;
    static EngineExecutionResults results;

    @BeforeAll
    static void run() {
        results = TestKit.run(out, AssertionCases.class);
    }

    @Test
    void aFaithfulAnswerPassesAndTheInjectedClientsWork() {
        assertThat(results.testEvents().succeeded().stream().map(e -> e.getTestDescriptor().getDisplayName()))
                .containsExactlyInAnyOrder("faithfulAnswer()", "verifyChecksAtOnce()", "injectedClients(Composo, AsyncComposo)");
        assertThat(AssertionCases.fromInjectedClient.score()).isBetween(0.0, 1.0);
        assertThat(AssertionCases.fromConstructor).isNotNull();
    }

    @Test
    void aRegressedAnswerFailsNamingEveryFailingCriterionWithScoreExplanationAndReading() {
        String message = TestKit.failure(results, "inventedPolicy()");
        assertThat(message).startsWith("Composo: 3 of 3 criteria failed for AssertionCases.inventedPolicy:")
                .contains("[1] " + Criteria.RAG_FAITHFULNESS + "\n      score 0.26, needed at least 0.30")
                .contains("[2] " + Criteria.RAG_COMPLETENESS + "\n      score 0.14, needed at least 0.30")
                .contains("[3] " + Criteria.RAG_REFUSAL + "\n      failed (score 0.00)")
                .contains("explanation: Score 0.26 by the embedded judge")
                .contains("read as: grounding (more is better) · confidence 1.00")
                .contains("results: " + out.resolve("results.jsonl").toAbsolutePath().normalize());
        assertThat(message).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(results.testEvents().failed().count()).isEqualTo(1);
    }

    @Test
    void verifyThrowsAtOnceAndNamesTheDatasetRow() {
        assertThat(AssertionCases.caughtByVerify).startsWith("Composo: 1 of 1 criterion failed for rag-returns-01:");
    }

    @Test
    void everyEvaluationIsInTheResultsFileTheClassFileAndTheReport() throws Exception {
        List<ResultRecord> run = new ArrayList<>();
        ResultFile.read(out.resolve("results.jsonl"), OutputFormat.JSONL, run::add);
        // 2 + 3 + 1 from the assertions; the injected clients' own calls are the test's business, not recorded
        assertThat(run).hasSize(6);
        assertThat(run).extracting(ResultRecord::id).containsOnly("AssertionCases.faithfulAnswer", "AssertionCases.inventedPolicy", "rag-returns-01");
        assertThat(run).filteredOn(r -> r.criterion().equals(Criteria.RAG_REFUSAL)).singleElement()
                .satisfies(r -> assertThat(r.passed()).isFalse());
        assertThat(run).allSatisfy(r -> assertThat(r.runId()).isNotBlank());
        assertThat(out.resolve("results.manifest.json")).content().contains("\"tool\" : \"composo-junit");
        List<ResultRecord> cls = new ArrayList<>();
        ResultFile.read(out.resolve("classes/" + AssertionCases.class.getName() + ".jsonl"), OutputFormat.JSONL, cls::add);
        assertThat(cls).isEqualTo(run);
        String html = Files.readString(out.resolve("report.html"));
        assertThat(html).contains("<title>Composo test run</title>").contains(ai.composo.cli.internal.HtmlReport.esc(Criteria.RAG_COMPLETENESS))
                .contains("read as: completeness (more is better)");
    }
}

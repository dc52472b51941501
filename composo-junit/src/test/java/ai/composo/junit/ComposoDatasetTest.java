package ai.composo.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

class ComposoDatasetTest {
    @TempDir
    static Path out;
    static EngineExecutionResults results;

    @BeforeAll
    static void run() {
        results = TestKit.run(out, DatasetCases.class);
    }

    @Test
    void eachCsvRowIsAnInvocationNamedByItsIdAndTheRegressedRowFails() {
        assertThat(TestKit.names(results.testEvents().succeeded().stream()))
                .containsExactly("[1] rag-returns-01", "[2] rag-shipping-01");
        assertThat(TestKit.failure(results, "[3] rag-returns-01-regressed"))
                .startsWith("Composo: 1 of 1 criterion failed for rag-returns-01-regressed:")
                .contains("score 0.14, needed at least 0.30");
    }

    @Test
    void aRowThatCannotBeReadFailsTheTestWithItsLine() {
        assertThat(TestKit.containerFailure(results, "brokenRow(DatasetRow)"))
                .isEqualTo("Composo dataset classpath:composo/broken.jsonl: line 2: 'response' is missing or empty");
    }

    @Test
    void aMissingDatasetSaysWhereItLooked() {
        assertThat(TestKit.containerFailure(results, "missingFile(DatasetRow)"))
                .startsWith("Composo dataset not found: no/such/dataset.jsonl (from ");
    }
}

package ai.composo.junit;

import static org.assertj.core.api.Assertions.assertThat;

import ai.composo.cli.internal.OutputFormat;
import ai.composo.cli.internal.ResultFile;
import ai.composo.cli.internal.ResultRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** Repeats against a judge that samples (scores 0.9, 0.2, 0.9, 0.2 for every criterion), configured as a user would. */
class RepeatTest {
    @TempDir
    static Path out;
    static EngineExecutionResults results;

    @BeforeAll
    static void run() throws Exception {
        Path config = Path.of(RepeatTest.class.getResource("/composo/sampling-judge.properties").toURI());
        results = TestKit.run(out, Map.of(Settings.JUDGE_CONFIG, config.toString()), RepeatCases.class);
    }

    @Test
    void aPassRateAtTheMinimumPasses() {
        assertThat(TestKit.names(results.testEvents().succeeded().stream()))
                .containsExactlyInAnyOrder("halfOfTheRepeatsIsEnough()", "oneSampleDecidesWithoutRepeats()");
    }

    @Test
    void aPassRateUnderTheMinimumFailsReportingTheSpread() {
        assertThat(TestKit.failure(results, "halfOfTheRepeatsIsTooFew()"))
                .contains("2 of 4 repeats passed (50%, needed 75%) with a score of at least 0.50")
                .contains("scores: mean 0.55, min 0.20, max 0.90, sd 0.40")
                .containsPattern("lowest: 0.20: sample [24] scored 0.2")
                .doesNotContain("read as:");
    }

    @Test
    void everyRepeatIsRecordedWithItsNumber() {
        List<ResultRecord> run = new ArrayList<>();
        ResultFile.read(out.resolve("results.jsonl"), OutputFormat.JSONL, run::add);
        assertThat(run).filteredOn(r -> r.id().equals("RepeatCases.halfOfTheRepeatsIsTooFew"))
                .satisfies(rs -> {
                    assertThat(rs).extracting(ResultRecord::repeat).containsExactlyInAnyOrder(1, 2, 3, 4);
                    assertThat(rs).extracting(ResultRecord::score).containsExactlyInAnyOrder(0.9, 0.2, 0.9, 0.2);
                });
    }
}

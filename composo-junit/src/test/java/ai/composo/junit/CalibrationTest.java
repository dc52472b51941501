package ai.composo.junit;

import static org.assertj.core.api.Assertions.assertThat;

import ai.composo.cli.ComposoCli;
import ai.composo.cli.internal.OutputFormat;
import ai.composo.cli.internal.ResultFile;
import ai.composo.cli.internal.ResultRecord;
import ai.composo.criteria.Criteria;
import ai.composo.internal.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * {@code composo calibrate} over the labelled example with the embedded judge, then {@link CalibrationCases} run with
 * {@code composo.calibration} pointing at the file it wrote: assertions pass and fail at the calibrated thresholds.
 */
class CalibrationTest {
    @TempDir
    static Path dir;
    static Path calibration;
    static double faithfulness;
    static double refusal;
    static EngineExecutionResults results;

    @BeforeAll
    static void calibrateThenRun() throws Exception {
        int exit = ComposoCli.run("calibrate", "../examples/labelled-support.jsonl", "-c", Criteria.RAG_FAITHFULNESS, "-c", Criteria.RAG_REFUSAL,
                "--local-db", "memory", "--progress", "none", "-o", dir.resolve("calibration").toString());
        assertThat(exit).isZero();
        calibration = dir.resolve("calibration/calibration.json");
        JsonNode cal = Json.parse(Files.readString(calibration));
        for (JsonNode e : cal.get("criteria")) {
            if (e.get("criterion").asText().equals(Criteria.RAG_FAITHFULNESS)) {
                faithfulness = e.get("threshold").asDouble();
            } else {
                refusal = e.get("threshold").asDouble();
            }
        }
        results = TestKit.run(dir.resolve("run"), Map.of(Settings.CALIBRATION, calibration.toString()), CalibrationCases.class);
    }

    @Test
    void scoreAssertionsPassAndFailAtTheCalibratedThreshold() throws Exception {
        Map<String, ResultRecord> byId = results();
        double good = byId.get("good").score();
        double bad = byId.get("bad").score();
        // the example's faithful answer scores above the calibrated threshold and the invented one below it
        assertThat(good).isGreaterThanOrEqualTo(faithfulness);
        assertThat(bad).isLessThan(faithfulness);
        assertThat(TestKit.names(results.testEvents().succeeded().stream())).contains("faithfulAnswerAtTheCalibratedThreshold()");
        assertThat(TestKit.failure(results, "inventedAnswerAtTheCalibratedThreshold()"))
                .contains("score " + fmt(bad) + ", needed at least " + fmt(faithfulness) + " (calibrated in " + calibration + ")");
        assertThat(byId.get("good").passed()).isTrue();
        assertThat(byId.get("bad").passed()).isFalse();
    }

    @Test
    void aThresholdTheTestSetsItselfWins() {
        assertThat(faithfulness).isGreaterThan(0.01);
        assertThat(TestKit.names(results.testEvents().succeeded().stream())).contains("theTestsOwnThresholdWins()");
    }

    @Test
    void passFailCriteriaUseTheCalibratedThresholdToo() throws Exception {
        ResultRecord r = results().get("refusal");
        boolean passes = r.score() >= refusal;
        assertThat(r.passed()).isEqualTo(passes);
        if (passes) {
            assertThat(TestKit.names(results.testEvents().succeeded().stream())).contains("calibratedPassFail()");
        } else {
            assertThat(TestKit.failure(results, "calibratedPassFail()")).contains("needed at least " + fmt(refusal) + " (calibrated in ");
        }
    }

    @Test
    void aCriterionWithoutACalibratedThresholdIsRefused() throws Exception {
        assertThat(TestKit.failure(results, "criterionTheCalibrationDoesNotCover()"))
                .isEqualTo("Composo: composo.calibration=" + calibration + " has no threshold for the criterion \"" + Criteria.RAG_COMPLETENESS
                        + "\": calibrate it, or leave it out of this run");
        boolean refusalFails = results().get("refusal").score() < refusal;
        assertThat(results.testEvents().failed().count()).isEqualTo(refusalFails ? 3 : 2);
    }

    @Test
    void aCalibrationMadeForAnotherJudgeFailsEveryTestSayingSo() throws Exception {
        ObjectNode other = (ObjectNode) Json.parse(Files.readString(calibration));
        other.put("judge", "https://judge.example: gpt-4o");
        Path file = dir.resolve("other.json");
        Files.writeString(file, other.toString());
        EngineExecutionResults run = TestKit.run(dir.resolve("other-run"), Map.of(Settings.CALIBRATION, file.toString()), CalibrationCases.class);
        assertThat(run.testEvents().succeeded().count()).isZero();
        assertThat(run.testEvents().failed().count()).isEqualTo(5);
        assertThat(TestKit.failure(run, "faithfulAnswerAtTheCalibratedThreshold()"))
                .startsWith("Composo: composo.calibration=" + file + " was made for the judge 'https://judge.example: gpt-4o', this run is judged by 'local: embedded")
                .endsWith("calibrate again with this judge");
    }

    @Test
    void aMissingCalibrationFileIsAClearError() {
        EngineExecutionResults run = TestKit.run(dir.resolve("missing-run"), Map.of(Settings.CALIBRATION, dir.resolve("nope.json").toString()),
                CalibrationCases.class);
        assertThat(run.testEvents().failed().count()).isEqualTo(5);
        assertThat(TestKit.failure(run, "faithfulAnswerAtTheCalibratedThreshold()"))
                .isEqualTo("Composo: Calibration file not found: " + dir.resolve("nope.json"));
    }

    private static Map<String, ResultRecord> results() throws Exception {
        List<ResultRecord> all = new ArrayList<>();
        ResultFile.read(dir.resolve("run/results.jsonl"), OutputFormat.JSONL, all::add);
        Map<String, ResultRecord> byId = new java.util.HashMap<>();
        all.forEach(r -> byId.put(r.id(), r));
        return byId;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}

package ai.composo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.composo.internal.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code composo calibrate} over the labelled example, as a user runs it, and eval using what it decided. */
class CalibrateCommandProcessTest {
    static final Path LABELS = EvalCommandProcessTest.EXAMPLES.resolve("labelled-support.jsonl");
    static final String REWARD = EvalCommandProcessTest.REWARD;

    @TempDir
    Path dir;
    Path judges;

    @BeforeEach
    void judgeConfig() throws Exception {
        judges = dir.resolve("judges.properties");
        Files.writeString(judges, "judge.test.type=test\njudges.default=test\n");
    }

    @Test
    void calibratesAgainstTheLabelsAndEvalUsesTheThresholdOnlyForTheSameJudge() throws Exception {
        CliProcess.Result r = CliProcess.run(dir, "calibrate", LABELS.toString(), "-c", REWARD, "--judge-config", judges.toString(),
                "--local-db", "memory", "--progress", "none", "--suggest", "2");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("52 labelled rows").contains("17/35").contains("ROC AUC").contains("Calibration: ");
        JsonNode cal = Json.parse(Files.readString(dir.resolve("calibration/calibration.json")));
        assertThat(cal.get("judge").asText()).isEqualTo("local: test");
        assertThat(cal.get("labels_sha256").asText()).hasSize(64);
        JsonNode entry = cal.get("criteria").get(0);
        assertThat(entry.get("criterion").asText()).isEqualTo(REWARD);
        assertThat(entry.get("labels").asInt()).isEqualTo(52);
        double threshold = entry.get("threshold").asDouble();
        var html = org.jsoup.Jsoup.parse(dir.resolve("calibration/calibration.html").toFile(), "UTF-8");
        assertThat(html.select("section.criterion")).hasSize(1);
        assertThat(html.select("svg.roc polyline.curve").attr("points").split(" ")).hasSize(53);
        assertThat(html.select("svg.reliability circle.bin")).isNotEmpty();
        assertThat(html.select("script")).isEmpty();

        CliProcess.Result eval = CliProcess.run(dir, "eval", EvalCommandProcessTest.EXAMPLES.resolve("support-and-rag.jsonl").toString(),
                "-c", REWARD, "--judge-config", judges.toString(), "--local-db", "memory", "--no-report",
                "--calibration", "calibration/calibration.json");
        assertThat(eval.exit()).as(eval.err()).isZero();
        for (String line : Files.readAllLines(dir.resolve("results.jsonl"))) {
            JsonNode n = Json.parse(line);
            if (n.get("score").isNumber()) {
                assertThat(n.get("passed").asBoolean()).as(line).isEqualTo(n.get("score").asDouble() >= threshold);
            }
        }
        CliProcess.Result other = CliProcess.run(dir, "eval", EvalCommandProcessTest.EXAMPLES.resolve("support-and-rag.jsonl").toString(),
                "-c", REWARD, "--local-db", "memory", "--no-report", "-o", "other.jsonl", "--calibration", "calibration/calibration.json");
        assertThat(other.exit()).isEqualTo(2);
        assertThat(other.err()).contains("was made for the judge 'local: test'").contains("calibrate again");
        CliProcess.Result criterion = CliProcess.run(dir, "eval", EvalCommandProcessTest.EXAMPLES.resolve("support-and-rag.jsonl").toString(),
                "-c", "Reward responses that are short", "--judge-config", judges.toString(), "--local-db", "memory", "-o", "c.jsonl",
                "--calibration", "calibration/calibration.json");
        assertThat(criterion.exit()).isEqualTo(2);
        assertThat(criterion.err()).contains("has no threshold for the criterion \"Reward responses that are short\"");

        // from the results already made, with suggestions of rows to label next
        CliProcess.Result again = CliProcess.run(dir, "calibrate", LABELS.toString(), "--results", "calibration", "-o", "again");
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(Json.parse(Files.readString(dir.resolve("again/calibration.json"))).get("criteria").get(0).get("threshold").asDouble())
                .isEqualTo(threshold);
    }

    @Test
    void labelsThatAreNotLabelsAreClearErrors() throws Exception {
        Files.writeString(dir.resolve("bad.jsonl"), "{\"id\":\"a\",\"prompt\":\"q\",\"response\":\"r\",\"label\":\"maybe\"}\n");
        CliProcess.Result r = CliProcess.run(dir, "calibrate", "bad.jsonl", "-c", REWARD, "--judge-config", judges.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("bad.jsonl line 1: label 'maybe' is not one of good/bad, pass/fail, true/false or a score from 0 to 1");
        Files.writeString(dir.resolve("none.jsonl"), "{\"id\":\"a\",\"prompt\":\"q\",\"response\":\"r\"}\n");
        CliProcess.Result none = CliProcess.run(dir, "calibrate", "none.jsonl", "-c", REWARD);
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).contains("has no labelled rows");
    }
}

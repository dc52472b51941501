package ai.composo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.composo.internal.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
    void suggestsTheUnlabelledRowsNearestTheThresholdAndThoseTheJudgeDisagreedWithItselfOnMost() throws Exception {
        // half the example's labels removed; a judge that samples, evaluated three times per row
        List<String> lines = Files.readAllLines(LABELS);
        List<String> partly = new java.util.ArrayList<>();
        java.util.Set<String> unlabelled = new java.util.HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            com.fasterxml.jackson.databind.node.ObjectNode row = (com.fasterxml.jackson.databind.node.ObjectNode) Json.parse(lines.get(i));
            if (i % 2 == 1) {
                row.remove("label");
                unlabelled.add(row.get("id").asText());
            }
            partly.add(row.toString());
        }
        Files.write(dir.resolve("partly.jsonl"), partly);
        Files.writeString(judges, "judge.test.type=test\njudge.test.jitter=0.2\njudges.default=test\n");
        CliProcess.Result r = CliProcess.run(dir, "calibrate", "partly.jsonl", "-c", REWARD, "--judge-config", judges.toString(),
                "--local-db", "memory", "--progress", "none", "--repeat", "3", "--suggest", "4");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("26 labelled rows");
        String closest = r.out().substring(r.out().indexOf("closest to the threshold):"), r.out().indexOf("disagreed with itself on most"));
        String disagreed = r.out().substring(r.out().indexOf("disagreed with itself on most"));
        List<String> closestIds = ids(closest);
        List<String> disagreedIds = ids(disagreed);
        assertThat(closestIds).hasSize(4).allMatch(unlabelled::contains);
        assertThat(disagreedIds).hasSize(4).allMatch(unlabelled::contains);
        // listed by spread, largest first; and the spreads are the repeats' standard deviations in the results file
        List<Double> spreads = java.util.regex.Pattern.compile("spread (\\d\\.\\d+)").matcher(disagreed).results()
                .map(m -> Double.parseDouble(m.group(1))).toList();
        assertThat(spreads).hasSize(4).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(spreads.get(0)).isPositive();
        java.util.Map<String, List<Double>> scores = new java.util.HashMap<>();
        for (String line : Files.readAllLines(dir.resolve("calibration/results.jsonl"))) {
            JsonNode n = Json.parse(line);
            scores.computeIfAbsent(n.get("id").asText(), k -> new java.util.ArrayList<>()).add(n.get("score").asDouble());
        }
        double[] top = scores.get(disagreedIds.get(0)).stream().mapToDouble(Double::doubleValue).toArray();
        assertThat(new org.apache.commons.math3.stat.descriptive.moment.StandardDeviation().evaluate(top))
                .isCloseTo(spreads.get(0), org.assertj.core.data.Offset.offset(0.0006));
        for (var e : scores.entrySet()) {
            if (unlabelled.contains(e.getKey())) {
                double sd = new org.apache.commons.math3.stat.descriptive.moment.StandardDeviation()
                        .evaluate(e.getValue().stream().mapToDouble(Double::doubleValue).toArray());
                assertThat(sd).as("no unlabelled row disagrees more than the first suggested").isLessThanOrEqualTo(spreads.get(0) + 0.0006);
            }
        }
    }

    private static List<String> ids(String section) {
        return java.util.regex.Pattern.compile("\\[1\\] (\\S+)").matcher(section).results().map(m -> m.group(1)).toList();
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

package ai.composo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.composo.internal.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --report-rows N} through the real CLI: the report holds the N worst rows of the run, with their content. */
class ReportRowsProcessTest {
    @TempDir
    Path dir;

    @Test
    void reportRowsKeepsTheWorstRowsOfTheRunWithTheirContent() throws Exception {
        Path data = EmbeddedJudgeCliTest.EXAMPLES.resolve("support-and-rag.jsonl");
        CliProcess.Result r = CliProcess.run(dir, "eval", data.toString(), "-c", "Reward responses that answer the user's question directly",
                "-c", "Response passes if it is polite", "--local-db", "memory", "--progress", "none", "--report-rows", "5");
        assertThat(r.exit()).as(r.err()).isEqualTo(0);
        Map<String, Double> lowest = new HashMap<>();
        for (String line : Files.readAllLines(dir.resolve("results.jsonl"), StandardCharsets.UTF_8)) {
            JsonNode n = Json.parse(line);
            lowest.merge(n.get("id").asText(), n.get("score").isNumber() ? n.get("score").asDouble() : 2.0, Math::min);
        }
        List<Double> worstFive = lowest.values().stream().sorted().limit(5).toList();

        Document report = Jsoup.parse(dir.resolve("report.html").toFile(), "UTF-8");
        assertThat(report.getElementById("kept").text()).startsWith("Showing the 5 worst of 54 rows");
        List<Element> rows = report.select("#rows tbody tr");
        assertThat(rows).hasSize(5);
        assertThat(rows.stream().map(tr -> lowest.get(tr.child(0).text())).toList()).isEqualTo(worstFive);
        Map<String, String> prompts = new HashMap<>();
        for (String line : Files.readAllLines(data, StandardCharsets.UTF_8)) {
            JsonNode n = Json.parse(line);
            if (n.has("prompt")) {
                prompts.put(n.get("id").asText(), n.get("prompt").asText());
            }
        }
        for (Element tr : rows) {
            String id = tr.child(0).text();
            Element detail = report.getElementById("detail-" + tr.attr("data-row"));
            assertThat(detail.select(".turn")).as(id).isNotEmpty();
            if (prompts.containsKey(id)) {
                assertThat(detail.select(".turn.t-user .text").text()).isEqualTo(prompts.get(id));
            }
        }
        assertThat(rows.stream().map(tr -> tr.child(3).text()).map(Double::parseDouble).toList()).isSortedAccordingTo(Comparator.naturalOrder());
    }
}

package ai.composo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.composo.criteria.Criteria;
import ai.composo.internal.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded judge as a newcomer meets it through the CLI: the README's first command ranks the faithful refund
 * answer above the invented one on every RAG criterion, and {@code composo criteria explain} shows readings.
 */
class EmbeddedJudgeCliTest {
    static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void readmeFirstCommandRanksTheFaithfulRefundAnswerAboveTheInventedOne() throws Exception {
        CliProcess.Result r = CliProcess.run(dir, "eval", EXAMPLES.resolve("support-and-rag.jsonl").toString(), "--criteria-set", "rag",
                "--local-db", "memory", "--no-report");
        assertThat(r.exit()).as(r.err()).isEqualTo(0);
        Map<String, Map<String, JsonNode>> byRow = new HashMap<>();
        for (String l : Files.readAllLines(dir.resolve("results.jsonl"), StandardCharsets.UTF_8)) {
            JsonNode n = Json.parse(l);
            byRow.computeIfAbsent(n.get("id").asText(), k -> new HashMap<>()).put(n.get("criterion").asText(), n);
        }
        Map<String, JsonNode> faithful = byRow.get("rag-returns-02");
        Map<String, JsonNode> invented = byRow.get("rag-returns-03");
        for (String c : List.of(Criteria.RAG_FAITHFULNESS, Criteria.RAG_COMPLETENESS, Criteria.RAG_PRECISION, Criteria.RAG_RELEVANCE)) {
            assertThat(faithful.get(c).get("score").asDouble()).as("%s%n02: %s%n03: %s", c, faithful.get(c), invented.get(c))
                    .isGreaterThan(invented.get(c).get("score").asDouble());
        }
        assertThat(faithful.get(Criteria.RAG_REFUSAL).get("passed").asBoolean()).as(faithful.get(Criteria.RAG_REFUSAL).toString()).isTrue();
        assertThat(invented.get(Criteria.RAG_REFUSAL).get("passed").asBoolean()).as(invented.get(Criteria.RAG_REFUSAL).toString()).isFalse();
        assertThat(r.out()).contains("read as:");
    }

    @Test
    void conversationScopeJudgesTheToolCallsBeforeTheLastTurn() throws Exception {
        String data = EXAMPLES.resolve("support-and-rag.jsonl").toString();
        CliProcess.Result last = CliProcess.run(dir, "eval", data, "--criteria-set", "tool-call", "-o", "last.jsonl", "--no-report", "--local-db", "memory");
        CliProcess.Result whole = CliProcess.run(dir, "eval", data, "--criteria-set", "tool-call", "-o", "whole.jsonl", "--no-report",
                "--local-db", "memory", "--scope", "conversation");
        assertThat(last.exit()).as(last.err()).isZero();
        assertThat(whole.exit()).as(whole.err()).isZero();
        Map<String, Integer> notApplicable = new HashMap<>();
        for (String f : List.of("last.jsonl", "whole.jsonl")) {
            for (String l : Files.readAllLines(dir.resolve(f), StandardCharsets.UTF_8)) {
                JsonNode n = Json.parse(l);
                if (n.get("id").asText().startsWith("tool-") && n.get("score").isNull()) {
                    notApplicable.merge(f, 1, Integer::sum);
                }
            }
        }
        // the tool-call rows end with a text answer: only the whole conversation shows the calls before it
        assertThat(notApplicable.getOrDefault("whole.jsonl", 0)).as(notApplicable.toString()).isLessThan(notApplicable.getOrDefault("last.jsonl", 0));
        CliProcess.Result bad = CliProcess.run(dir, "eval", data, "--criteria-set", "tool-call", "-o", "x.jsonl", "--scope", "everything");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("--scope must be last-turn or conversation");
    }

    @Test
    void criteriaExplainPrintsEachReadingAndSaysWhatIsOutOfFamily() throws Exception {
        CliProcess.Result rag = CliProcess.run(dir, "criteria", "explain", "--criteria-set", "rag");
        assertThat(rag.exit()).as(rag.err()).isEqualTo(0);
        assertThat(rag.out()).contains(Criteria.RAG_FAITHFULNESS).contains("read as: grounding (more is better)")
                .contains("abstention").contains("from \"");

        CliProcess.Result mixed = CliProcess.run(dir, "criteria", "explain", "Penalize responses that are verbose or rude",
                "Reward responses that use British spelling throughout", "--json");
        assertThat(mixed.exit()).as(mixed.err()).isEqualTo(1);
        JsonNode arr = Json.parse(mixed.out());
        assertThat(arr.size()).isEqualTo(2);
        assertThat(arr.get(0).get("out_of_family").asBoolean()).isFalse();
        assertThat(arr.get(0).get("parts").findValuesAsText("family")).contains("conciseness", "tone");
        assertThat(arr.get(0).get("parts").findValuesAsText("direction")).containsOnly("more is better");
        assertThat(arr.get(1).get("out_of_family").asBoolean()).isTrue();
        assertThat(arr.get(1).get("confidence").asDouble()).isLessThanOrEqualTo(0.2);

        CliProcess.Result text = CliProcess.run(dir, "criteria", "explain", "Reward responses that use British spelling throughout");
        assertThat(text.out()).contains("outside what the embedded judge measures").contains("use an LLM judge");

        CliProcess.Result bad = CliProcess.run(dir, "criteria", "explain", "Be nice to people");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("Criteria must start with one of:").doesNotContain("Exception");
    }
}

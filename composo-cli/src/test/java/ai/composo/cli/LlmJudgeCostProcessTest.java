package ai.composo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.composo.internal.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI with an LLM judge on a local OpenAI-compatible stand-in (127.0.0.1): --samples takes k samples per
 * evaluation, and the run's token usage, its estimated cost and CPU time are in the summary, the report and the
 * manifest.
 */
class LlmJudgeCostProcessTest {
    @TempDir
    Path dir;
    HttpServer llm;
    final Set<Integer> seeds = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void start() throws Exception {
        llm = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        llm.setExecutor(Executors.newFixedThreadPool(4));
        llm.createContext("/v1/chat/completions", ex -> {
            JsonNode req = Json.parse(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            int seed = req.path("seed").asInt();
            seeds.add(seed);
            ObjectNode root = Json.object();
            root.put("id", "c").put("object", "chat.completion").put("model", "llama3-served").put("system_fingerprint", "fp_test");
            ObjectNode choice = root.putArray("choices").addObject();
            choice.put("index", 0).put("finish_reason", "stop");
            choice.putObject("message").put("role", "assistant").put("content", "{\"explanation\": \"ok\", \"score\": " + (6 + seed % 3) + "}");
            root.putObject("usage").put("prompt_tokens", 120).put("completion_tokens", 20).put("total_tokens", 140);
            byte[] body = Json.write(root).getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        llm.start();
    }

    @AfterEach
    void stop() {
        llm.stop(0);
    }

    @Test
    void samplesAndTheRunsTokenCostAreReported() throws Exception {
        Path judges = dir.resolve("judges.properties");
        Files.writeString(judges, "judge.llm.type=openai\njudge.llm.base-url=http://127.0.0.1:" + llm.getAddress().getPort() + "/v1\n"
                + "judge.llm.model=llama3\njudge.llm.logprobs=off\njudge.llm.seed=10\njudges.default=llm\n");
        Files.writeString(dir.resolve("prices.properties"), "llama3.prompt=1.0\nllama3.completion=2.0\n");
        Path data = EvalCommandProcessTest.EXAMPLES.resolve("support-and-rag.jsonl");
        CliProcess.Result r = CliProcess.run(dir, "eval", data.toString(), "-c", "Reward responses that answer the question",
                "--judge-config", judges.toString(), "--local-db", "memory", "--samples", "3", "--price-table", "prices.properties");
        assertThat(r.exit()).as(r.err()).isZero();
        // 54 rows x 3 samples x (120 prompt + 20 completion tokens); 1 and 2 per million
        assertThat(r.out()).contains("Cost:     llama3: 19,440 prompt + 3,240 completion tokens over 54 evaluations; estimated cost 0.0259 (price table)");
        assertThat(seeds).containsExactlyInAnyOrder(10, 11, 12);
        JsonNode m = Json.parse(Files.readString(dir.resolve("results.manifest.json")));
        assertThat(m.at("/cost/tokens/llama3/prompt_tokens").asLong()).isEqualTo(19_440);
        assertThat(m.at("/cost/estimated_cost").asDouble()).isEqualTo(0.02592);
        assertThat(m.at("/cost/cpu_seconds").asDouble()).isPositive();
        assertThat(Files.readString(dir.resolve("report.html"))).contains("19,440 prompt");
        // seeds 10, 11, 12 score 7, 8, 6: the mean
        for (String line : Files.readAllLines(dir.resolve("results.jsonl"))) {
            JsonNode n = Json.parse(line);
            if (!n.get("score").isNull()) {
                assertThat(n.get("score").asDouble()).isEqualTo(0.7);
                // the judge's own spread over its three samples (population sd of 0.7, 0.8, 0.6), kept for calibrate --suggest
                assertThat(n.get("sample_std").asDouble()).isCloseTo(Math.sqrt(0.02 / 3), org.assertj.core.data.Offset.offset(1e-3));
            }
        }

        CliProcess.Result embedded = CliProcess.run(dir, "eval", data.toString(), "-c", "Reward responses that answer the question",
                "--local-db", "memory", "--samples", "3", "-o", "e.jsonl");
        assertThat(embedded.exit()).isEqualTo(2);
        assertThat(embedded.err()).contains("--samples applies to an LLM judge");
    }
}

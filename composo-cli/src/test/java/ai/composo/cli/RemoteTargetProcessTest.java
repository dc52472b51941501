package ai.composo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.composo.judge.JudgeConfig;
import ai.composo.server.ComposoServer;
import ai.composo.server.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI against a server it did not start (--base-url), here one this test runs on 127.0.0.1. */
class RemoteTargetProcessTest {
    static final Path EXAMPLES = EvalCommandProcessTest.EXAMPLES;
    @TempDir
    static Path dir;
    static ComposoServer server;
    static String key;

    @BeforeAll
    static void startServer() {
        server = ComposoServer.start(ServerConfig.builder().port(0).devMode(true).sqliteFile(dir.resolve("server.db"))
                .judge(JudgeConfig.of("test", "test", Map.of())).defaultJudge("test").requestsPerHour(0).concurrentRequests(0).build());
        key = server.devApiKey().orElseThrow();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void csvExampleAgainstARemoteServer() throws Exception {
        CliProcess.Result r = CliProcess.run(dir, "eval", EXAMPLES.resolve("support-and-rag.csv").toString(), "-c", EvalCommandProcessTest.REWARD,
                "--base-url", server.baseUrl(), "--api-key", key, "-o", "remote.jsonl", "--no-report");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("against " + server.baseUrl()).doesNotContain(key);
        List<String> lines = Files.readAllLines(dir.resolve("remote.jsonl"));
        assertThat(lines).hasSize(54).allSatisfy(l -> assertThat(l).contains("\"error\":null"));
        // the same rows again: the server's result cache answers, and the output says so
        CliProcess.Result again = CliProcess.run(dir, "eval", EXAMPLES.resolve("support-and-rag.jsonl").toString(), "-c", EvalCommandProcessTest.REWARD,
                "--base-url", server.baseUrl(), "--api-key", key, "-o", "again.jsonl", "--no-report");
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(Files.readAllLines(dir.resolve("again.jsonl"))).allSatisfy(l -> assertThat(l).contains("\"cache_hit\":true"));
    }

    @Test
    void wrongOrMissingKey() throws Exception {
        String wrong = "cp-definitely-not-a-valid-key-123456";
        CliProcess.Result r = CliProcess.run(dir, "eval", EXAMPLES.resolve("support-and-rag.jsonl").toString(), "-c", EvalCommandProcessTest.REWARD,
                "--base-url", server.baseUrl(), "--api-key", wrong, "-o", "wrong.jsonl", "--no-report");
        // one request, refused: the run stops at once with exit 2 and one clear line, instead of 54 refused requests
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("the server refused the API key (401)").contains("check --api-key or COMPOSO_API_KEY")
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(Files.readString(dir.resolve("wrong.jsonl"))).isEmpty();
        assertThat(r.err() + r.out()).doesNotContain(wrong);
        assertThat(refusedRequests()).isEqualTo(1);
        assertThat(Files.readString(dir.resolve("wrong.manifest.json"))).contains("\"status\" : \"refused\"");

        CliProcess.Result none = CliProcess.run(dir, "eval", EXAMPLES.resolve("support-and-rag.jsonl").toString(), "-c", EvalCommandProcessTest.REWARD,
                "--base-url", server.baseUrl());
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).contains("no API key");
    }

    /** The server's count of 401 answers, read from its /metrics over HTTP. */
    private static long refusedRequests() throws Exception {
        java.net.http.HttpResponse<String> m = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(server.baseUrl() + "/metrics")).header("API-Key", key).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        long n = 0;
        for (String line : m.body().split("\n")) {
            if (line.startsWith("composo_http_requests_seconds_count") && line.contains("status=\"401\"")) {
                n += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return n;
    }

    @Test
    void traceIsPrintedPerAgent() throws Exception {
        CliProcess.Result r = CliProcess.run(dir, "trace", EXAMPLES.resolve("support-trace.json").toString(),
                "-c", "Reward agents that answer with the order status and the return steps", "--base-url", server.baseUrl(), "--api-key", key);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("[1] Reward agents that answer").contains("overall:").contains("supervisor").contains("returns")
                .contains("sup-1").contains("ret-1");
        CliProcess.Result json = CliProcess.run(dir, "trace", EXAMPLES.resolve("support-trace.json").toString(),
                "-c", "Reward agents that answer", "--json", "--base-url", server.baseUrl(), "--api-key", key);
        assertThat(json.exit()).as(json.err()).isZero();
        assertThat(ai.composo.internal.json.Json.parse(json.out()).get(0).get("response").get("results_by_agent_name").has("returns")).isTrue();
        CliProcess.Result bad = CliProcess.run(dir, "trace", EXAMPLES.resolve("support-and-rag.jsonl").toString(), "-c", "Reward agents that answer");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("is not a multi-agent trace");
    }
}

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
        assertThat(r.exit()).isEqualTo(3);
        String results = Files.readString(dir.resolve("wrong.jsonl"));
        assertThat(results).contains("401").doesNotContain(wrong);
        assertThat(r.err() + r.out()).doesNotContain(wrong);

        CliProcess.Result none = CliProcess.run(dir, "eval", EXAMPLES.resolve("support-and-rag.jsonl").toString(), "-c", EvalCommandProcessTest.REWARD,
                "--base-url", server.baseUrl());
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).contains("no API key");
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

package ai.composo.examples;

import static org.assertj.core.api.Assertions.assertThat;

import ai.composo.Composo;
import ai.composo.model.AgentTraceResult;
import ai.composo.model.MultiAgentTrace;
import ai.composo.model.MultiAgentTraceResponse;
import ai.composo.server.ComposoServer;
import ai.composo.server.ServerConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A captured trace evaluated end to end against the self-hosted server (default offline judge) on 127.0.0.1. */
class TraceExampleTest {
    @TempDir
    static Path dir;
    static ComposoServer server;
    static String key;

    @BeforeAll
    static void startServer() {
        server = ComposoServer.start(ServerConfig.builder().port(0).sqliteFile(dir.resolve("composo.db")).devMode(true)
                .shutdownTimeout(Duration.ofSeconds(5)).build());
        key = server.devApiKey().orElseThrow();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void perAgentResultsMatchTheCapturedInstances() {
        MultiAgentTrace trace = TraceExample.captureTrace();
        String supervisorId = trace.rootAgentInstanceId();
        String researcherId = trace.root().childIds().get(0);
        try (Composo client = Composo.builder().baseUrl(server.baseUrl()).apiKey(key).build()) {
            MultiAgentTraceResponse response = client.evaluateTrace(trace, TraceExample.CRITERION);

            assertThat(response.requestId()).isNotBlank();
            assertThat(response.resultsByAgentName()).containsOnlyKeys("supervisor", "researcher");
            AgentTraceResult supervisor = response.resultsByAgentName().get("supervisor");
            AgentTraceResult researcher = response.resultsByAgentName().get("researcher");
            assertThat(supervisor.resultsByAgentInstanceId()).containsOnlyKeys(supervisorId);
            assertThat(researcher.resultsByAgentInstanceId()).containsOnlyKeys(researcherId);
            for (String id : List.of(supervisorId, researcherId)) {
                assertThat(response.instanceResult(id)).hasValueSatisfying(r -> {
                    assertThat(r.score()).isBetween(0.0, 1.0);
                    assertThat(r.explanation()).isNotBlank();
                });
            }
            assertThat(response.agentScores()).containsOnlyKeys("supervisor", "researcher");
            assertThat(response.overallScore()).isBetween(0.0, 1.0);

            // the same trace read back from its file evaluates the same way (deterministic judge)
            Path file = dir.resolve("trace.json");
            trace.toFile(file);
            MultiAgentTraceResponse again = client.evaluateTrace(MultiAgentTrace.fromFile(file), TraceExample.CRITERION);
            assertThat(again.agentScores()).isEqualTo(response.agentScores());
        }
    }

    @Test
    void theExampleProgramCapturesWritesAndPrintsPerAgentScores() {
        Path file = dir.resolve("out/example-trace.json");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            TraceExample.main(new String[] {server.baseUrl(), key, file.toString()});
        } finally {
            System.setOut(original);
        }
        MultiAgentTrace written = MultiAgentTrace.fromFile(file);
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("Captured 2 agent instances").contains("overall: ");
        for (String id : written.agentInstanceById().keySet()) {
            assertThat(printed).contains(id);
        }
    }
}

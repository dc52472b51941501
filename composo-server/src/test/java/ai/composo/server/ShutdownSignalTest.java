package ai.composo.server;

import static org.assertj.core.api.Assertions.assertThat;

import ai.composo.internal.json.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve} as a real process: SIGTERM drains in-flight work, and the process then exits with status 0. */
class ShutdownSignalTest {
    static final String KEY = "signal-test-key-0123456789";

    @TempDir
    Path dir;

    @Test
    void sigtermDrainsAndExitsZero() throws Exception {
        ChildServer child = ChildServer.start(dir, "--database-url", "jdbc:sqlite:" + dir.resolve("signal.db"), "--api-key", KEY,
                "--set", "judge.slow.type=test", "--set", "judge.slow.delay=1500ms");
        try {
            ObjectNode body = (ObjectNode) TestSupport.reward("Reward responses that name the capital");
            body.put("model_core", "slow");
            CompletableFuture<TestSupport.Response> inFlight = CompletableFuture.supplyAsync(
                    () -> child.call(KEY, "/api/v1/evals/reward", Json.write(body)));
            Thread.sleep(500); // the evaluation is running in the judge
            child.process().destroy(); // SIGTERM
            assertThat(inFlight.get(20, TimeUnit.SECONDS).status()).as("the in-flight evaluation completes").isEqualTo(200);
            assertThat(child.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(child.process().exitValue()).isZero();
            assertThat(child.output()).contains("Composo server stopped");
        } finally {
            child.process().destroyForcibly();
        }
    }
}

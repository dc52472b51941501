package ai.composo.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.composo.internal.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Background tasks survive a killed server: the server runs as a child process with a slow judge, is killed
 * with SIGKILL while tasks run, and is started again on the same database. Every task finishes, and each
 * completes exactly once (one evaluation-log row per task).
 */
class CrashRecoveryTest {
    static final String KEY = "crash-test-key-0123456789";
    static final int TASKS = 8;

    @TempDir
    Path dir;

    ChildServer startChild() throws Exception {
        return ChildServer.start(dir, "--database-url", "jdbc:sqlite:" + dir.resolve("crash.db"), "--api-key", KEY,
                "--workers", "2", "--set", "judge.slow.type=test", "--set", "judge.slow.delay=400ms");
    }

    static TestSupport.Response call(ChildServer c, String method, String path, String body) {
        return c.call(KEY, path, body);
    }

    @Test
    void killedServerResumesEveryTaskAndCompletesEachOnce() throws Exception {
        ChildServer first = startChild();
        List<String> ids = new ArrayList<>();
        try {
            for (int i = 0; i < TASKS; i++) {
                String body = Json.write(TestSupport.reward("Reward responses that name the capital, variant " + i));
                var r = call(first, "POST", "/api/v1/evals/reward/background", body);
                assertThat(r.status()).isEqualTo(202);
                ids.add(r.json().get("task_id").asText());
            }
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> {
                Map<String, Integer> s = statuses(first, ids);
                return s.getOrDefault("running", 0) > 0 && s.getOrDefault("succeeded", 0) > 0;
            });
        } finally {
            first.process().destroyForcibly(); // SIGKILL
            first.process().waitFor(20, TimeUnit.SECONDS);
        }
        int unfinishedAtKill = countWhere("status <> 'succeeded'");
        assertThat(unfinishedAtKill).as("tasks left unfinished by the kill").isPositive();

        ChildServer second = startChild();
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> statuses(second, ids).getOrDefault("succeeded", 0) == TASKS);
            for (String id : ids) {
                JsonNode t = call(second, "GET", "/api/v1/tasks/" + id, null).json();
                assertThat(t.get("status").asText()).isEqualTo("succeeded");
                assertThat(t.at("/result/score").isNumber()).isTrue();
            }
        } finally {
            second.process().destroy(); // SIGTERM: graceful shutdown
            assertThat(second.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(second.process().exitValue()).as("exit status after a clean drain").isZero();
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("crash.db"));
                ResultSet rs = c.createStatement().executeQuery(
                        "SELECT task_id, COUNT(*) FROM evaluation_log WHERE task_id IS NOT NULL GROUP BY task_id")) {
            Map<String, Integer> completions = new HashMap<>();
            while (rs.next()) {
                completions.put(rs.getString(1), rs.getInt(2));
            }
            assertThat(completions).hasSize(TASKS);
            assertThat(completions.keySet()).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(completions.values()).allMatch(n -> n == 1);
        }
        assertThat(countWhere("attempts > 1")).as("tasks resumed after the kill").isPositive();
    }

    int countWhere(String condition) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("crash.db"));
                ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM tasks WHERE " + condition)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    static Map<String, Integer> statuses(ChildServer c, List<String> ids) {
        Map<String, Integer> out = new HashMap<>();
        for (String id : ids) {
            var r = call(c, "GET", "/api/v1/tasks/" + id, null);
            if (r.status() == 200) {
                out.merge(r.json().get("status").asText(), 1, Integer::sum);
            }
        }
        return out;
    }
}

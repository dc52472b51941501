package ai.composo.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.composo.AsyncComposo;
import ai.composo.EvaluationRequest;
import ai.composo.model.Message;
import ai.composo.model.Task;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code serve} processes on one PostgreSQL schema. 500 background tasks are submitted through the SDK,
 * alternating between the nodes; one node is killed with SIGKILL while it holds running and queued tasks. The
 * survivor takes over the dead node's claims when their lease runs out, and every task completes exactly once
 * (one evaluation-log row each); results are then read through both nodes (the killed one started again).
 */
class MultiNodeFailoverTest {
    static final int TASKS = 500;
    static final Pattern NODE = Pattern.compile("background tasks: node (node-[0-9a-f]+)");
    static final List<Message> MESSAGES = List.of(Message.user("What is the capital of Australia?"),
            Message.assistant("The capital of Australia is Canberra."));

    @TempDir
    Path dir;

    ChildServer node(TestPostgres pg) throws Exception {
        return ChildServer.start(dir, "--database-url", pg.url, "--workers", "4",
                "--set", "database.pool-size=4", "--set", "tasks.lease=3s",
                "--set", "judge.slow.type=test", "--set", "judge.slow.delay=100ms");
    }

    @Test
    void killedNodesTasksAreCompletedOnceByTheOther() throws Exception {
        try (TestPostgres pg = TestPostgres.open()) {
            Assumptions.assumeTrue(pg != null, TestPostgres.SKIP);
            String key = pg.createKey("--name", "multi-node");
            ChildServer a = node(pg);
            ChildServer b = node(pg);
            ChildServer restarted = null;
            try (AsyncComposo ca = client(a, key); AsyncComposo cb = client(b, key)) {
                String nodeA = nodeId(a);
                String nodeB = nodeId(b);
                List<CompletableFuture<String>> submitted = new ArrayList<>();
                long submitStart = System.nanoTime();
                for (int i = 0; i < TASKS; i++) {
                    // distinct criteria: identical requests would be answered by a node's result cache
                    EvaluationRequest r = EvaluationRequest.of(MESSAGES, "Reward responses that name the capital, variant " + i);
                    submitted.add((i % 2 == 0 ? ca : cb).evaluateInBackground(r).thenApply(h -> h.taskId()));
                }
                List<String> ids = submitted.stream().map(CompletableFuture::join).toList();
                long submitMillis = (System.nanoTime() - submitStart) / 1_000_000;
                // a task accepted by one node is visible through the other before anything is killed
                assertThat(ca.getTask(ids.get(1)).join().taskId()).isEqualTo(ids.get(1));
                assertThat(cb.getTask(ids.get(0)).join().taskId()).isEqualTo(ids.get(0));

                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                        .until(() -> count(pg, "status = 'running' AND claimed_by = '" + nodeA + "'") > 0
                                && count(pg, "status = 'succeeded'") >= TASKS / 5);
                a.process().destroyForcibly(); // SIGKILL: no drain, no release of its claims
                assertThat(a.process().waitFor(20, TimeUnit.SECONDS)).isTrue();
                long killedAt = System.nanoTime();
                List<String> orphaned = strings(pg, "SELECT id FROM tasks WHERE status = 'running' AND claimed_by = '" + nodeA + "'");
                int unfinished = count(pg, "status <> 'succeeded'");
                assertThat(orphaned).as("tasks the killed node held").isNotEmpty();
                assertThat(unfinished).as("tasks unfinished at the kill (the kill lands mid-run)").isGreaterThan(TASKS / 4);

                await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(100))
                        .until(() -> count(pg, "status = 'succeeded'") == TASKS);
                long takeoverMillis = (System.nanoTime() - killedAt) / 1_000_000;
                System.out.printf("multi-node: %d tasks submitted in %d ms, %d unfinished and %d held by the killed node at the kill; "
                        + "the survivor finished them %d ms after it%n", TASKS, submitMillis, unfinished, orphaned.size(), takeoverMillis);

                Map<String, Integer> completions = new HashMap<>();
                try (Connection c = pg.connect(); ResultSet rs = c.createStatement().executeQuery(
                        "SELECT task_id, COUNT(*) FROM evaluation_log WHERE task_id IS NOT NULL GROUP BY task_id")) {
                    while (rs.next()) {
                        completions.put(rs.getString(1), rs.getInt(2));
                    }
                }
                assertThat(completions.keySet()).containsExactlyInAnyOrderElementsOf(ids);
                assertThat(completions.values()).as("evaluation-log rows per task").allMatch(n -> n == 1);
                assertThat(count(pg, "claimed_by NOT IN ('" + nodeA + "', '" + nodeB + "')")).isZero();
                for (String id : orphaned) {
                    assertThat(strings(pg, "SELECT claimed_by || ' ' || attempts FROM tasks WHERE id = '" + id + "'"))
                            .as("task %s, taken over from the killed node", id).containsExactly(nodeB + " 2");
                }
                assertThat(count(pg, "claimed_by = '" + nodeA + "' AND status = 'succeeded'")).as("finished by the killed node before the kill")
                        .isPositive();

                restarted = node(pg);
                try (AsyncComposo cr = client(restarted, key)) {
                    for (String id : ids) {
                        Task fromB = cb.getTask(id).join();
                        Task fromRestarted = cr.getTask(id).join();
                        assertThat(fromB.status()).isEqualTo(Task.SUCCEEDED);
                        assertThat(fromRestarted.status()).isEqualTo(Task.SUCCEEDED);
                        assertThat(fromRestarted.evaluationResult().score()).isEqualTo(fromB.evaluationResult().score()).isNotNull();
                    }
                }
                assertThat(count(pg, "attempts > 2")).as("no task ran a third time").isZero();
            } finally {
                a.process().destroyForcibly();
                b.process().destroyForcibly();
                if (restarted != null) {
                    restarted.process().destroyForcibly();
                }
                a.process().waitFor(20, TimeUnit.SECONDS);
                b.process().waitFor(20, TimeUnit.SECONDS);
                if (restarted != null) {
                    restarted.process().waitFor(20, TimeUnit.SECONDS);
                }
            }
        }
    }

    static AsyncComposo client(ChildServer node, String key) {
        return AsyncComposo.builder().baseUrl(node.baseUrl()).apiKey(key).maxConcurrentRequests(8).build();
    }

    static String nodeId(ChildServer node) throws Exception {
        Matcher m = NODE.matcher(Files.readString(node.stderr()));
        assertThat(m.find()).as("the node logs its id at start").isTrue();
        return m.group(1);
    }

    static int count(TestPostgres pg, String condition) throws Exception {
        return Integer.parseInt(strings(pg, "SELECT COUNT(*) FROM tasks WHERE " + condition).get(0));
    }

    static List<String> strings(TestPostgres pg, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = pg.connect(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}

package ai.composo.server;

import static ai.composo.server.TestSupport.get;
import static ai.composo.server.TestSupport.post;
import static ai.composo.server.TestSupport.reward;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.composo.internal.json.Json;
import ai.composo.judge.JudgeConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL profile: two server nodes share one database (keys, tasks, evaluation log). Runs when
 * {@code COMPOSO_TEST_POSTGRES_URL} names a reachable server ({@code .ci/run} starts one); each run uses a
 * fresh schema that it drops afterwards.
 */
class PostgresProfileTest {
    static TestPostgres pg;
    static String url;
    static ComposoServer a;
    static ComposoServer b;
    static String key;

    @BeforeAll
    static void start() throws Exception {
        pg = TestPostgres.open();
        if (pg == null) {
            return;
        }
        url = pg.url;
        ServerConfig.Builder config = ServerConfig.builder().port(0).databaseUrl(url).databasePoolSize(4)
                .judge(JudgeConfig.of("lexical", "test", Map.of("delay", "100ms"))).shutdownTimeout(Duration.ofSeconds(5));
        a = ComposoServer.start(config.build());
        b = ComposoServer.start(config.build());
        key = pg.createKey("--name", "pg");
    }

    @AfterAll
    static void stop() throws Exception {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @org.junit.jupiter.api.BeforeEach
    void requirePostgres() {
        Assumptions.assumeTrue(a != null, TestPostgres.SKIP);
    }

    static long usage() {
        return get(a, "/api/v1/usage", key).json().at("/usage/total_current_request_count").asLong();
    }

    static List<String> submitAndAwait(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ComposoServer node = i % 2 == 0 ? a : b;
            var r = post(node, "/api/v1/evals/reward/background",
                    Json.write(reward("Reward responses that name the capital, variant " + UUID.randomUUID())), key);
            assertThat(r.status()).isEqualTo(202);
            ids.add(r.json().get("task_id").asText());
        }
        // each task is read from the other node than the one that accepted it
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            for (int i = 0; i < n; i++) {
                if (!"succeeded".equals(get(i % 2 == 0 ? b : a, "/api/v1/tasks/" + ids.get(i), key).json().get("status").asText())) {
                    return false;
                }
            }
            return true;
        });
        return ids;
    }

    /** The data endpoints' SQL (grouping, keyset paging, tag subqueries, LIKE with escapes) on PostgreSQL, across nodes. */
    @Test
    void storedTracesAnnotationsAndFiltersAreSharedByTheNodes() {
        String fresh = createKey();
        for (int i = 0; i < 3; i++) {
            var body = (com.fasterxml.jackson.databind.node.ObjectNode) reward("Reward responses at 100% kindness_" + i);
            body.put("trace_id", "pg-trace-" + (i % 2));
            body.putObject("tags").put("env", i == 0 ? "dev" : "prod");
            assertThat(post(i % 2 == 0 ? a : b, "/api/v1/evals/reward", Json.write(body), fresh).status()).isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(10)).until(() ->
                post(b, "/api/v1/evaluations/filter", "{}", fresh).json().get("total").asInt() == 3);
        var first = get(a, "/api/v1/traces?page_size=1", fresh).json();
        assertThat(first.get("traces")).hasSize(1);
        var second = get(b, "/api/v1/traces?page_size=1&page_token=" + first.get("next_page_token").asText(), fresh).json();
        assertThat(second.get("traces")).hasSize(1);
        assertThat(second.get("next_page_token").isNull()).isTrue();
        assertThat(List.of(first.at("/traces/0/id").asText(), second.at("/traces/0/id").asText()))
                .containsExactlyInAnyOrder("pg-trace-0", "pg-trace-1");
        assertThat(get(b, "/api/v1/traces/pg-trace-0", fresh).json().get("evaluations")).hasSize(2);
        assertThat(post(a, "/api/v1/annotations/comment", "{\"trace_id\":\"pg-trace-0\",\"comment\":\"seen\"}", fresh).status()).isEqualTo(200);
        assertThat(post(b, "/api/v1/annotations/rating", "{\"trace_id\":\"pg-trace-0\",\"rating\":true}", fresh).status()).isEqualTo(200);
        var t = get(a, "/api/v1/traces/pg-trace-0", fresh).json();
        assertThat(t.get("rating").asBoolean()).isTrue();
        assertThat(t.at("/comments/0/comment").asText()).isEqualTo("seen");
        assertThat(post(a, "/api/v1/evaluations/filter", "{\"filters\":[{\"key\":\"env\",\"values\":[\"prod\"]}]}", fresh)
                .json().get("total").asInt()).isEqualTo(2);
        assertThat(post(a, "/api/v1/evaluations/filter", "{\"criteria_filter\":{\"values\":[\"100% KINDNESS_1\"]}}", fresh)
                .json().get("total").asInt()).isEqualTo(1);
        assertThat(post(b, "/api/v1/evaluations/filter", "{\"min_score\":0,\"max_score\":1,\"page\":2,\"page_size\":2}", fresh)
                .json().get("evaluations")).hasSize(1);
        assertThat(get(a, "/api/v1/traces/pg-trace-0", key).status()).as("another key's trace").isEqualTo(404);
    }

    @Test
    void bothNodesServeTheSameKeysTasksAndUsage() {
        long before = usage();
        String body = Json.write(reward("Reward responses that name the capital"));
        assertThat(post(a, "/api/v1/evals/reward", body, key).status()).isEqualTo(200);
        assertThat(post(b, "/api/v1/evals/reward", body, key).status()).isEqualTo(200);
        var trace = post(b, "/api/v1/evals/trace", Json.write(TestSupport.json("{'trace':" + TestSupport.TRACE
                + ",'evaluation_criteria':'Reward agents that find restaurants'}")), key);
        assertThat(trace.status()).isEqualTo(200);

        submitAndAwait(10);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(usage()).isGreaterThanOrEqualTo(before + 13));
    }

    @Test
    void eachTaskCompletesExactlyOnce() throws Exception {
        List<String> ids = submitAndAwait(10);
        try (Connection c = DriverManager.getConnection(url); ResultSet rs = c.createStatement().executeQuery(
                "SELECT task_id, COUNT(*) FROM evaluation_log WHERE task_id IS NOT NULL GROUP BY task_id")) {
            Map<String, Integer> completions = new java.util.HashMap<>();
            while (rs.next()) {
                completions.put(rs.getString(1), rs.getInt(2));
            }
            for (String id : ids) {
                assertThat(completions.get(id)).as(id).isEqualTo(1);
            }
        }
    }

    @Test
    void theHourlyBudgetOfAKeyIsSharedByEveryNode() throws Exception {
        ServerConfig.Builder limited = ServerConfig.builder().port(0).databaseUrl(url).databasePoolSize(2).requestsPerHour(5)
                .judge(JudgeConfig.of("lexical", "test", Map.of())).shutdownTimeout(Duration.ofSeconds(5));
        String fresh = createKey();
        try (ComposoServer c = ComposoServer.start(limited.build()); ComposoServer d = ComposoServer.start(limited.build())) {
            var me = get(c, "/api/v1/rate-limits/me", fresh).json();
            assertThat(me.at("/requests_per_hour/limit").asLong()).isEqualTo(5);
            assertThat(me.at("/requests_per_hour/shared_by_all_nodes").asBoolean()).isTrue();
            String body = Json.write(reward("Reward responses that name the capital"));
            for (int i = 0; i < 5; i++) {
                assertThat(post(i % 2 == 0 ? d : c, "/api/v1/evals/reward", body, fresh).status()).as("evaluation %d", i + 1).isEqualTo(200);
            }
            // 5 evaluations spent across two nodes: each node alone would still allow 5 more
            for (ComposoServer node : List.of(c, d)) {
                var refused = post(node, "/api/v1/evals/reward", body, fresh);
                assertThat(refused.status()).isEqualTo(429);
                assertThat(refused.json().get("detail").asText()).contains("5 requests per hour");
                assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 3600L);
            }
            assertThat(post(c, "/api/v1/evals/reward", body, key).status()).as("another key has its own budget").isEqualTo(200);

            // The budget store failing is the server's problem, reported as such: 503 with Retry-After, never a free pass.
            try (Connection conn = DriverManager.getConnection(url)) {
                conn.createStatement().execute("ALTER TABLE rate_limit_buckets RENAME TO rate_limit_buckets_away");
                try {
                    var unavailable = post(d, "/api/v1/evals/reward", body, key);
                    assertThat(unavailable.status()).isEqualTo(503);
                    assertThat(unavailable.json().get("detail").asText()).isEqualTo("The rate-limit store (the database) is unavailable; retry later");
                    assertThat(unavailable.header("Retry-After")).isEqualTo("5");
                } finally {
                    conn.createStatement().execute("ALTER TABLE rate_limit_buckets_away RENAME TO rate_limit_buckets");
                }
            }
            assertThat(post(d, "/api/v1/evals/reward", body, key).status()).isEqualTo(200);
        }
    }

    static String createKey() {
        return pg.createKey();
    }

    /** The heartbeat: a claim outlives the lease while its node is alive, so a slow judge is not run twice. */
    @Test
    void aLiveNodeKeepsItsClaimOnATaskLongerThanItsLease() throws Exception {
        ServerConfig.Builder shortLease = ServerConfig.builder().port(0).databaseUrl(url).databasePoolSize(2).taskLease(Duration.ofMillis(600))
                .judge(JudgeConfig.of("slow", "test", Map.of("delay", "2500ms"))).shutdownTimeout(Duration.ofSeconds(5));
        try (ComposoServer c = ComposoServer.start(shortLease.build()); ComposoServer d = ComposoServer.start(shortLease.build())) {
            var r = post(c, "/api/v1/evals/reward/background", Json.write(reward("Reward responses that name the capital, slowly")), key);
            String id = r.json().get("task_id").asText();
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .until(() -> "succeeded".equals(get(d, "/api/v1/tasks/" + id, key).json().get("status").asText()));
            try (Connection conn = DriverManager.getConnection(url); ResultSet rs = conn.createStatement().executeQuery(
                    "SELECT attempts FROM tasks WHERE id = '" + id + "'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).as("attempts of a task running 4 leases long on a live node").isEqualTo(1);
            }
        }
    }

    @Test
    void revokedKeysAreRefusedByEveryNode() throws Exception {
        String temp = createKey();
        String body = Json.write(reward("Reward kind responses"));
        assertThat(post(b, "/api/v1/evals/reward", body, temp).status()).isEqualTo(200);
        assertThat(Main.run("keys", "revoke", temp.substring(3, 15), "--database-url", url)).isZero();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(post(a, "/api/v1/evals/reward", body, temp).status()).isEqualTo(401);
            assertThat(post(b, "/api/v1/evals/reward", body, temp).status()).isEqualTo(401);
        });
    }
}

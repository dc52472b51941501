package ai.composo.server;

import static ai.composo.server.TestSupport.get;
import static ai.composo.server.TestSupport.post;
import static ai.composo.server.TestSupport.reward;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.composo.internal.json.Json;
import ai.composo.judge.JudgeConfig;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rate limits (429 + Retry-After), capacity bounds (503 + Retry-After) and graceful shutdown. */
class LimitsTest {
    @TempDir
    Path dir;

    static ObjectNode slow(String criterion) {
        ObjectNode b = (ObjectNode) reward(criterion);
        b.put("model_core", "slow");
        return b;
    }

    @Test
    void hourlyBudgetRunsOutWith429AndRetryAfter() {
        try (ComposoServer s = ComposoServer.start(TestSupport.config(dir).requestsPerHour(3).build())) {
            for (int i = 0; i < 3; i++) {
                assertThat(post(s, "/api/v1/evals/reward", reward("Reward kind responses")).status()).isEqualTo(200);
            }
            var r = post(s, "/api/v1/evals/reward", reward("Reward kind responses"));
            assertThat(r.status()).isEqualTo(429);
            long retry = Long.parseLong(r.header("Retry-After"));
            assertThat(retry).isBetween(1L, 1200L);
            assertThat(r.json().get("detail").asText()).startsWith("Rate limit exceeded: this API key may send 3 requests per hour; retry in ");
            var me = get(s, "/api/v1/rate-limits/me", s.devApiKey().orElseThrow());
            assertThat(me.status()).as("reading the limits spends nothing").isEqualTo(200);
            assertThat(me.json().at("/requests_per_hour/remaining").asLong()).isZero();
        }
    }

    /** Only accepted evaluations spend the hourly budget: polls, reads and refused (422) requests do not. */
    @Test
    void onlyAcceptedEvaluationsSpendTheHourlyBudget() {
        try (ComposoServer s = ComposoServer.start(TestSupport.config(dir).requestsPerHour(2).build())) {
            String key = s.devApiKey().orElseThrow();
            var task = post(s, "/api/v1/evals/reward/background", reward("Reward kind responses"));
            assertThat(task.status()).isEqualTo(202);
            String id = task.json().get("task_id").asText();
            for (int i = 0; i < 20; i++) {
                assertThat(get(s, "/api/v1/tasks/" + id, key).status()).isEqualTo(200);
                assertThat(get(s, "/api/v1/tasks/no-such-task", key).status()).isEqualTo(404);
                assertThat(post(s, "/api/v1/evals/reward", "{\"messages\": []}", key).status()).isEqualTo(422);
                assertThat(post(s, "/api/v1/evals/reward/background", "not json", key).status()).isEqualTo(422);
                assertThat(get(s, "/api/v1/usage", key).status()).isEqualTo(200);
                assertThat(get(s, "/api/v1/rate-limits/me", key).status()).isEqualTo(200);
            }
            assertThat(get(s, "/api/v1/rate-limits/me", key).json().at("/requests_per_hour/remaining").asLong()).isEqualTo(1);
            assertThat(post(s, "/api/v1/evals/reward", reward("Reward kind responses")).status()).isEqualTo(200);
            var refused = post(s, "/api/v1/evals/reward", reward("Reward kind responses"));
            assertThat(refused.status()).isEqualTo(429);
            // a spent budget still lets the client read its results and learn what is wrong with a bad request
            assertThat(get(s, "/api/v1/tasks/" + id, key).status()).isEqualTo(200);
            assertThat(post(s, "/api/v1/evals/reward", "{\"messages\": []}", key).status()).isEqualTo(422);
        }
    }

    @Test
    void concurrentLimitGives429AndRecovers() {
        try (ComposoServer s = ComposoServer.start(TestSupport.config(dir).concurrentRequests(1)
                .judge(JudgeConfig.of("slow", "test", Map.of("delay", "700ms"))).defaultJudge("lexical").build())) {
            CompletableFuture<TestSupport.Response> first = CompletableFuture.supplyAsync(() -> post(s, "/api/v1/evals/reward", slow("Reward a")));
            await().atMost(Duration.ofSeconds(5)).until(() ->
                    get(s, "/api/v1/rate-limits/me", s.devApiKey().orElseThrow()).json().at("/concurrent_requests/in_use").asInt() == 1);
            var second = post(s, "/api/v1/evals/reward", slow("Reward b"));
            assertThat(second.status()).isEqualTo(429);
            assertThat(second.header("Retry-After")).isEqualTo("1");
            assertThat(second.json().get("detail").asText()).contains("may have 1 requests in flight");
            assertThat(first.join().status()).isEqualTo(200);
            assertThat(post(s, "/api/v1/evals/reward", slow("Reward c")).status()).isEqualTo(200);
        }
    }

    @Test
    void fullQueuesAnswer503WithRetryAfter() {
        try (ComposoServer s = ComposoServer.start(TestSupport.config(dir).maxInFlight(1).workers(1).queueCapacity(1)
                .judge(JudgeConfig.of("slow", "test", Map.of("delay", "1s"))).defaultJudge("lexical").build())) {
            CompletableFuture<TestSupport.Response> first = CompletableFuture.supplyAsync(() -> post(s, "/api/v1/evals/reward", slow("Reward a")));
            await().atMost(Duration.ofSeconds(5)).until(() -> s.metricsText().contains("composo_inflight_evaluations 1.0"));
            var busy = post(s, "/api/v1/evals/reward", slow("Reward b"));
            assertThat(busy.status()).isEqualTo(503);
            assertThat(busy.header("Retry-After")).isEqualTo("1");
            assertThat(first.join().status()).isEqualTo(200);

            // background: one running, one queued, the next is refused and not stored
            assertThat(post(s, "/api/v1/evals/reward/background", slow("Reward c")).status()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(5)).until(() -> s.metricsText().contains("composo_tasks_running 1.0"));
            assertThat(post(s, "/api/v1/evals/reward/background", slow("Reward d")).status()).isEqualTo(202);
            var full = post(s, "/api/v1/evals/reward/background", slow("Reward e"));
            assertThat(full.status()).isEqualTo(503);
            assertThat(full.header("Retry-After")).isEqualTo("5");
            assertThat(full.json().get("detail").asText()).contains("background queue is full");
        }
    }

    @Test
    void closeFinishesInFlightEvaluationsThenRefuses() {
        ComposoServer s = ComposoServer.start(TestSupport.config(dir)
                .judge(JudgeConfig.of("slow", "test", Map.of("delay", "800ms"))).defaultJudge("lexical").build());
        CompletableFuture<TestSupport.Response> inFlight = CompletableFuture.supplyAsync(() -> post(s, "/api/v1/evals/reward", slow("Reward a")));
        await().atMost(Duration.ofSeconds(5)).until(() -> s.metricsText().contains("composo_inflight_evaluations 1.0"));
        s.close();
        var r = inFlight.join();
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("score").isNumber()).isTrue();
        assertThat(Json.write(r.json())).contains("\"judge\":\"slow\"");
    }
}

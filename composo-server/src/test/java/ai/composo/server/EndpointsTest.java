package ai.composo.server;

import static ai.composo.server.TestSupport.get;
import static ai.composo.server.TestSupport.json;
import static ai.composo.server.TestSupport.post;
import static ai.composo.server.TestSupport.reward;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.composo.judge.JudgeConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every endpoint over a real socket, against the deterministic test judge. */
class EndpointsTest {
    @TempDir
    static Path dir;

    static final String OTHER_KEY = "second-team-key-0123456789";
    static ComposoServer server;
    static String key;

    @BeforeAll
    static void start() {
        server = ComposoServer.start(TestSupport.config(dir)
                .judge(JudgeConfig.of("flaky", "test", Map.of("fail-marker", "BOOM")))
                .judge(JudgeConfig.of("slow", "test", Map.of("delay", "3s")))
                .judge(JudgeConfig.of("bench", "noop", Map.of("score", "0.25")))
                .apiKey(OTHER_KEY).defaultJudge("lexical").judgeTimeout(Duration.ofMillis(800)).build());
        key = server.devApiKey().orElseThrow();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void rewardScoresWithTheDefaultJudgeAndReportsMetadata() {
        var r = post(server, "/api/v1/evals/reward", reward("Reward responses that name the capital of Australia"));
        assertThat(r.status()).isEqualTo(200);
        JsonNode b = r.json();
        assertThat(b.get("score").asDouble()).isBetween(0.0, 1.0).isGreaterThan(0.5);
        assertThat(b.get("explanation").asText()).contains("relevance");
        assertThat(b.get("sources").isArray()).isTrue();
        assertThat(b.get("sources")).isEmpty();
        assertThat(b.at("/metadata/judge").asText()).isEqualTo("lexical");
        assertThat(b.at("/metadata/confidence").isNumber()).isTrue();
        assertThat(r.header("X-Request-Id")).isNotBlank();
    }

    @Test
    void penalizeCriteriaInvertTheOverlap() {
        var r = post(server, "/api/v1/evals/reward", reward("Penalize responses that say Canberra is the capital"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("score").asDouble()).isLessThan(0.5);
    }

    @Test
    void passFailCriteriaOnRewardGiveOneZeroOrNull() {
        var pass = post(server, "/api/v1/evals/reward", reward("Response passes if it names Canberra as the capital"));
        assertThat(pass.json().get("score").asDouble()).isEqualTo(1.0);
        var fail = post(server, "/api/v1/evals/reward", reward("Fails if the response mentions Canberra capital"));
        assertThat(fail.json().get("score").asDouble()).isEqualTo(0.0);
        var na = post(server, "/api/v1/evals/reward", json("{'messages':[{'role':'system','content':'be nice'},"
                + "{'role':'user','content':'hi'}],'evaluation_criteria':'Passes if the answer is polite'}"));
        assertThat(na.status()).isEqualTo(200);
        assertThat(na.json().get("score").isNull()).isTrue();
        assertThat(na.json().get("explanation").asText()).contains("Not applicable");
    }

    @Test
    void binaryAnswersPassed() {
        var r = post(server, "/api/v1/evals/binary", json("{'messages':" + TestSupport.MESSAGES
                + ",'evaluation_criteria':'Response passes if it names Canberra'}"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("passed").asBoolean()).isTrue();
        assertThat(r.json().has("score")).isFalse();
        assertThat(r.json().get("explanation").asText()).isNotBlank();
    }

    @Test
    void systemMessageAliasAndAnthropicMessagesAreAccepted() {
        var r = post(server, "/api/v1/evals/reward", json("{'system_message':'You are a geography tutor','messages':["
                + "{'role':'user','content':[{'type':'text','text':'Capital of Australia?'}]},"
                + "{'role':'assistant','id':'msg_1','type':'message','model':'claude','stop_reason':'end_turn',"
                + "'content':[{'type':'text','text':'Canberra is the capital of Australia.'}]}],"
                + "'evaluation_criteria':'Reward responses that name the capital','tags':{'suite':'smoke'},'trace_id':'t1','unknown':1}"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("score").asDouble()).isGreaterThan(0.3);
    }

    @Test
    void explanationCleaningAddsAnEndUserExplanationFromTheJudgeOrTheServersRewrite() {
        ObjectNode plain = (ObjectNode) reward("Reward responses that name the capital of France");
        var uncleaned = post(server, "/api/v1/evals/reward", plain);
        assertThat(uncleaned.json().has("cleaned_explanation")).isFalse();

        ObjectNode body = plain.deepCopy();
        body.put("explanation_cleaning", "end_user");
        var r = post(server, "/api/v1/evals/reward", body);
        assertThat(r.status()).isEqualTo(200);
        // The lexical test judge writes its own; the request differs from the uncleaned one, so it is not a cache hit.
        assertThat(r.json().get("cleaned_explanation").asText()).matches("The reply picks up \\d+ of the \\d+ key words of the user's request\\.");
        assertThat(r.json().get("explanation").asText()).contains("criterion overlap");
        assertThat(r.json().at("/metadata/cache_hit").asBoolean()).isFalse();
        assertThat(r.json().get("score")).isEqualTo(uncleaned.json().get("score"));

        // The noop judge writes none: the server drops the sentences about its workings ("noop judge") and says how it went.
        body.put("model_core", "bench");
        var fallback = post(server, "/api/v1/evals/reward", body);
        assertThat(fallback.json().get("explanation").asText()).isEqualTo("noop judge");
        assertThat(fallback.json().get("cleaned_explanation").asText()).isEqualTo("The assistant's response falls short here.");
    }

    @Test
    void modelCoreSelectsConfiguredJudgesAndHostedNamesMapToTheDefault() {
        ObjectNode body = (ObjectNode) reward("Reward responses that name the capital");
        body.put("model_core", "bench");
        var noop = post(server, "/api/v1/evals/reward", body);
        assertThat(noop.json().get("score").asDouble()).isEqualTo(0.25);
        assertThat(noop.json().at("/metadata/judge").asText()).isEqualTo("bench");
        for (String hosted : new String[] {"align-20250529", "align-20251111", "align-20260109", "align-lightning-20250731"}) {
            body.put("model_core", hosted);
            var r = post(server, "/api/v1/evals/reward", body);
            assertThat(r.status()).as(hosted).isEqualTo(200);
            assertThat(r.json().at("/metadata/judge").asText()).as(hosted).isEqualTo("lexical");
        }
    }

    @Test
    void deterministicResultsAreCachedAndReportedAsHits() {
        JsonNode body = reward("Reward responses that are about caching " + System.nanoTime());
        var first = post(server, "/api/v1/evals/reward", body);
        var second = post(server, "/api/v1/evals/reward", body);
        assertThat(first.json().at("/metadata/cache_hit").asBoolean()).isFalse();
        assertThat(second.json().at("/metadata/cache_hit").asBoolean()).isTrue();
        assertThat(second.json().get("score")).isEqualTo(first.json().get("score"));
        // a non-deterministic judge is never cached
        ObjectNode noop = body.deepCopy();
        noop.put("model_core", "bench");
        post(server, "/api/v1/evals/reward", noop);
        assertThat(post(server, "/api/v1/evals/reward", noop).json().at("/metadata/cache_hit").asBoolean()).isFalse();
    }

    @Test
    void judgeFailuresAre500AndNeverCached() {
        ObjectNode body = (ObjectNode) reward("Reward responses that BOOM");
        body.put("model_core", "flaky");
        for (int i = 0; i < 2; i++) {
            var r = post(server, "/api/v1/evals/reward", body);
            assertThat(r.status()).isEqualTo(500);
            assertThat(r.json().get("detail").asText()).isEqualTo("Judge 'flaky' failed: the criterion contains the configured fail marker");
        }
    }

    @Test
    void judgeTimeoutIs524() {
        ObjectNode body = (ObjectNode) reward("Reward responses that are slow");
        body.put("model_core", "slow");
        var r = post(server, "/api/v1/evals/reward", body);
        assertThat(r.status()).isEqualTo(524);
        assertThat(r.json().get("detail").asText()).contains("'slow' timed out");
    }

    @Test
    void traceAnswersTheWireShape() {
        var r = post(server, "/api/v1/evals/trace", json("{'trace':" + TestSupport.TRACE
                + ",'evaluation_criteria':'Reward agents that find vegan restaurants in Leeds','evaluate_latest':false}"));
        assertThat(r.status()).isEqualTo(200);
        JsonNode b = r.json();
        assertThat(b.get("request_id").asText()).isNotBlank();
        JsonNode results = b.get("results_by_agent_name");
        assertThat(results.fieldNames()).toIterable().containsExactly("supervisor", "summariser", "router");
        JsonNode summariser = results.get("summariser");
        assertThat(summariser.get("agent_name").asText()).isEqualTo("summariser");
        double a2 = summariser.at("/results_by_agent_instance_id/a2/score").asDouble();
        double a3 = summariser.at("/results_by_agent_instance_id/a3/score").asDouble();
        assertThat(a2).isGreaterThan(a3);
        JsonNode stats = summariser.get("summary_statistics");
        assertThat(stats.get("min").asDouble()).isEqualTo(Math.min(a2, a3));
        assertThat(stats.get("max").asDouble()).isEqualTo(Math.max(a2, a3));
        assertThat(stats.get("median").asDouble()).isEqualTo((a2 + a3) / 2, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(stats.get("std").asDouble()).isEqualTo(Math.abs(a2 - a3) / 2, org.assertj.core.data.Offset.offset(1e-9));
        // the router only delegates: not evaluated, reported as null, statistics all null
        JsonNode router = results.get("router");
        assertThat(router.get("results_by_agent_instance_id").has("a4")).isTrue();
        assertThat(router.at("/results_by_agent_instance_id/a4").isNull()).isTrue();
        assertThat(router.at("/summary_statistics/median").isNull()).isTrue();
        assertThat(router.at("/summary_statistics/std").isNull()).isTrue();
    }

    @Test
    void binaryTraceCriteriaHaveScoresButNoStatistics() {
        var r = post(server, "/api/v1/evals/trace", json("{'trace':" + TestSupport.TRACE
                + ",'evaluation_criteria':'Agent passes if it finds vegan restaurants in Leeds'}"));
        assertThat(r.status()).isEqualTo(200);
        JsonNode s = r.json().at("/results_by_agent_name/summariser");
        assertThat(s.at("/results_by_agent_instance_id/a2/score").asDouble()).isEqualTo(1.0);
        assertThat(s.at("/results_by_agent_instance_id/a3/score").asDouble()).isEqualTo(0.0);
        assertThat(s.get("summary_statistics").isNull()).isTrue();
    }

    @Test
    void backgroundRewardAndTraceTasksFinish() {
        var accepted = post(server, "/api/v1/evals/reward/background", reward("Reward responses that name the capital"));
        assertThat(accepted.status()).isEqualTo(202);
        assertThat(accepted.json().get("status").asText()).isEqualTo("pending");
        String id = accepted.json().get("task_id").asText();
        JsonNode task = awaitTask(id);
        assertThat(task.get("status").asText()).isEqualTo("succeeded");
        assertThat(task.at("/result/score").asDouble()).isGreaterThan(0.3);
        assertThat(task.get("error").isNull()).isTrue();
        assertThat(task.get("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(task.get("finished_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");

        var trace = post(server, "/api/v1/evals/trace/background", json("{'trace':" + TestSupport.TRACE
                + ",'evaluation_criteria':'Reward agents that find restaurants'}"));
        assertThat(trace.status()).isEqualTo(202);
        JsonNode t = awaitTask(trace.json().get("task_id").asText());
        assertThat(t.at("/result/results_by_agent_name/summariser/agent_name").asText()).isEqualTo("summariser");

        ObjectNode failing = (ObjectNode) reward("Reward responses that BOOM");
        failing.put("model_core", "flaky");
        JsonNode f = awaitTask(post(server, "/api/v1/evals/reward/background", failing).json().get("task_id").asText());
        assertThat(f.get("status").asText()).isEqualTo("failed");
        assertThat(f.at("/error/status_code").asInt()).isEqualTo(500);
        assertThat(f.at("/error/detail").asText()).contains("Judge 'flaky' failed");
        assertThat(f.get("result").isNull()).isTrue();
    }

    @Test
    void backgroundValidatesSynchronously() {
        var r = post(server, "/api/v1/evals/reward/background", json("{'messages':[]}"));
        assertThat(r.status()).isEqualTo(422);
        var t = post(server, "/api/v1/evals/trace/background", json("{'trace':{'root_agent_instance_id':'a','agent_instance_by_id':"
                + "{'a':{'id':'a','name':'x','interactions':[]}}},'evaluation_criteria':'Reward agents that work'}"));
        assertThat(t.status()).isEqualTo(400);
    }

    @Test
    void tasksAreVisibleOnlyToTheirKey() {
        String id = post(server, "/api/v1/evals/reward/background", reward("Reward responses that name the capital"))
                .json().get("task_id").asText();
        awaitTask(id);
        assertThat(get(server, "/api/v1/tasks/" + id, key).status()).isEqualTo(200);
        var foreign = get(server, "/api/v1/tasks/" + id, OTHER_KEY);
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.json().get("detail").asText()).isEqualTo("Task not found");
        var missing = get(server, "/api/v1/tasks/00000000-0000-0000-0000-000000000000", key);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("detail").asText()).isEqualTo("Task not found");
    }

    @Test
    void usageCountsThisKeysEvaluations() {
        post(server, "/api/v1/evals/reward", reward("Reward responses that count usage"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            var u = get(server, "/api/v1/usage", key);
            assertThat(u.status()).isEqualTo(200);
            assertThat(u.json().at("/usage/total_current_request_count").asLong()).isPositive();
            assertThat(u.json().at("/usage/total_current_token_count").asLong()).isPositive();
            assertThat(u.json().at("/usage/models/align-20251111/request_count").asLong()).isPositive();
            assertThat(u.json().get("quota_reset_date").asText()).matches("\\d{4}-\\d\\d-01");
        });
    }

    @Test
    void rateLimitsMeReportsLimitsAndRemaining() {
        assertThat(post(server, "/api/v1/evals/reward", reward("Reward responses that spend the budget")).status()).isEqualTo(200);
        var r = get(server, "/api/v1/rate-limits/me", key);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().at("/requests_per_hour/limit").asLong()).isEqualTo(10_000);
        assertThat(r.json().at("/requests_per_hour/remaining").asLong()).isLessThan(10_000);
        assertThat(r.json().at("/concurrent_requests/limit").asInt()).isEqualTo(64);
        assertThat(r.json().get("key_id").asText()).isEqualTo("dev");
    }

    @Test
    void healthcheckNeedsNoKeyAndReportsDatabaseAndJudge() {
        var r = get(server, "/api/healthcheck", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("status").asText()).isEqualTo("ok");
        assertThat(r.json().get("database").asText()).isEqualTo("ok");
        assertThat(r.json().at("/default_judge/name").asText()).isEqualTo("lexical");
        assertThat(r.json().at("/default_judge/ready").asBoolean()).isTrue();
    }

    @Test
    void metricsArePrometheusTextBehindTheKey() {
        post(server, "/api/v1/evals/reward", reward("Reward responses that produce metrics"));
        assertThat(get(server, "/metrics", null).status()).isEqualTo(401);
        var r = get(server, "/metrics", key);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("composo_http_requests_seconds_count").contains("composo_judge_evaluations_seconds_count")
                .contains("composo_cache_requests_total");
    }

    @Test
    void unknownPathsAndMethodsAnswerFastApiStyle() {
        var nf = get(server, "/api/v1/nothing-here", key);
        assertThat(nf.status()).isEqualTo(404);
        assertThat(nf.json().get("detail").asText()).isEqualTo("Not Found");
        var m = get(server, "/api/v1/evals/reward", key);
        assertThat(m.status()).isEqualTo(405);
        assertThat(m.json().get("detail").asText()).isEqualTo("Method Not Allowed");
    }

    static JsonNode awaitTask(String id) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
            var r = get(server, "/api/v1/tasks/" + id, key);
            assertThat(r.status()).isEqualTo(200);
            last[0] = r.json();
            String s = last[0].get("status").asText();
            return s.equals("succeeded") || s.equals("failed");
        });
        assertThat(last[0].get("task_id").asText()).isEqualTo(id);
        return last[0];
    }
}

package ai.composo.server;

import static ai.composo.server.TestSupport.get;
import static ai.composo.server.TestSupport.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.composo.internal.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The platform's data endpoints over the evaluation log (wire-spec §12): traces, annotations, the evaluations filter and
 * usage, each scoped to the calling key, paginated and validated.
 */
class PlatformDataTest {
    static final String OTHER = "other-key-0123456789abcdef";

    @TempDir
    static Path dir;

    static ComposoServer server;
    static String key;
    static final List<String> traceIds = new ArrayList<>();

    static ObjectNode evaluation(String criterion, String traceId, String... tags) {
        ObjectNode b = (ObjectNode) TestSupport.reward(criterion);
        if (traceId != null) {
            b.put("trace_id", traceId);
        }
        ObjectNode t = b.putObject("tags");
        for (int i = 0; i < tags.length; i += 2) {
            t.put(tags[i], tags[i + 1]);
        }
        return b;
    }

    @BeforeAll
    static void start() throws Exception {
        server = ComposoServer.start(TestSupport.config(dir).apiKey(OTHER).build());
        key = server.devApiKey().orElseThrow();
        // one trace of two evaluations, three single-evaluation traces, one trace evaluation; created in this order
        assertThat(post(server, "/api/v1/evals/reward", evaluation("Reward responses that name the capital", "conv-1", "env", "prod", "team", "a"))
                .status()).isEqualTo(200);
        assertThat(post(server, "/api/v1/evals/reward", evaluation("Penalize responses that are rude", "conv-1", "env", "prod")).status())
                .isEqualTo(200);
        for (int i = 0; i < 3; i++) {
            Thread.sleep(5); // distinct creation times
            assertThat(post(server, "/api/v1/evals/reward", evaluation("Reward responses that are concise, variant " + i, null,
                    "env", i == 0 ? "dev" : "prod")).status()).isEqualTo(200);
        }
        ObjectNode trace = Json.object();
        trace.set("trace", TestSupport.json(TestSupport.TRACE));
        trace.put("evaluation_criteria", "Reward agents that answer the question");
        assertThat(post(server, "/api/v1/evals/trace", trace).status()).isEqualTo(200);
        assertThat(post(server, "/api/v1/evals/reward", Json.write(evaluation("Reward responses from the other key", null, "env", "prod")),
                OTHER).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> get(server, "/api/v1/traces?page_size=500", key).json().get("traces").size() == 5);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void tracesArePagedNewestFirstWithoutGapsOrRepeats() {
        List<String> seen = new ArrayList<>();
        List<String> created = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            var r = get(server, "/api/v1/traces?page_size=2" + (token == null ? "" : "&page_token=" + token), key);
            assertThat(r.status()).isEqualTo(200);
            JsonNode traces = r.json().get("traces");
            assertThat(traces.size()).isBetween(1, 2);
            traces.forEach(t -> {
                if (!t.get("id").asText().equals("conv-1")) {
                    assertThat(t.get("rating").isNull()).as("never rated").isTrue();
                    assertThat(t.get("comments")).isEmpty();
                }
                seen.add(t.get("id").asText());
                created.add(t.get("created_at").asText());
            });
            token = r.json().get("next_page_token").isNull() ? null : r.json().get("next_page_token").asText();
            pages++;
        } while (token != null);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(5).doesNotHaveDuplicates().contains("conv-1");
        assertThat(created).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(new HashSet<>(seen)).hasSize(5);
    }

    @Test
    void aTraceGathersItsEvaluationsTagsAndSubject() {
        var r = get(server, "/api/v1/traces/conv-1", key);
        assertThat(r.status()).isEqualTo(200);
        JsonNode t = r.json();
        assertThat(t.get("id").asText()).isEqualTo("conv-1");
        assertThat(t.get("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(t.at("/tags/env").asText()).isEqualTo("prod");
        assertThat(t.at("/tags/team").asText()).isEqualTo("a");
        assertThat(t.at("/trace/messages/1/content").asText()).isEqualTo("The capital of Australia is Canberra.");
        JsonNode evals = t.get("evaluations");
        assertThat(evals).hasSize(2);
        assertThat(evals.get(0).get("criteria").asText()).isEqualTo("Reward responses that name the capital");
        assertThat(evals.get(1).get("criteria").asText()).isEqualTo("Penalize responses that are rude");
        for (JsonNode e : evals) {
            assertThat(e.get("score").isNumber()).isTrue();
            assertThat(e.get("explanation").asText()).isNotBlank();
            assertThat(e.get("sources").isArray()).isTrue();
            assertThat(e.has("cached") && e.has("c_cached_tokens") && e.has("evaluator_name") && e.has("sub_trace")).isTrue();
        }
    }

    @Test
    void theSubjectOfATraceEvaluationIsTheTrace() {
        var r = post(server, "/api/v1/evaluations/filter", TestSupport.json("{'endpoint_type':'trace'}"));
        assertThat(r.json().get("total").asLong()).isEqualTo(1);
        String traceId = r.json().at("/evaluations/0/trace_id").asText();
        JsonNode t = get(server, "/api/v1/traces/" + traceId, key).json();
        assertThat(t.at("/trace/root_agent_instance_id").asText()).isEqualTo("a1");
        assertThat(t.at("/evaluations/0/score").isNull()).as("a trace evaluation has no overall score").isTrue();
        assertThat(t.at("/evaluations/0/response/results_by_agent_name").isObject()).isTrue();
    }

    @Test
    void commentsAndRatingsAttachToATraceAndTheLatestRatingCounts() {
        var c = post(server, "/api/v1/annotations/comment", TestSupport.json("{'trace_id':'conv-1','comment':'Looks right to me'}"));
        assertThat(c.status()).isEqualTo(200);
        assertThat(c.json().get("trace_id").asText()).isEqualTo("conv-1");
        assertThat(c.json().get("comment").asText()).isEqualTo("Looks right to me");
        assertThat(c.json().get("id").asText()).hasSize(36);
        assertThat(post(server, "/api/v1/annotations/rating", TestSupport.json("{'trace_id':'conv-1','rating':false}")).status()).isEqualTo(200);
        var rated = post(server, "/api/v1/annotations/rating", TestSupport.json("{'trace_id':'conv-1','rating':true}"));
        assertThat(rated.json().get("rating").asBoolean()).isTrue();
        JsonNode t = get(server, "/api/v1/traces/conv-1", key).json();
        assertThat(t.get("rating").asBoolean()).isTrue();
        assertThat(t.get("comments")).anySatisfy(x -> assertThat(x.get("comment").asText()).isEqualTo("Looks right to me"));

        var missing = post(server, "/api/v1/annotations/comment", TestSupport.json("{'trace_id':'no-such-trace','comment':'x'}"));
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("detail").asText()).isEqualTo("Trace not found");
        var bad = post(server, "/api/v1/annotations/rating", TestSupport.json("{'trace_id':'conv-1','rating':'good'}"));
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.json().at("/detail/0/loc").toString()).isEqualTo("[\"body\",\"rating\"]");
    }

    @Test
    void aKeySeesOnlyItsOwnData() {
        JsonNode mine = get(server, "/api/v1/traces", OTHER).json().get("traces");
        assertThat(mine).hasSize(1);
        assertThat(mine.at("/0/evaluations/0/criteria").asText()).isEqualTo("Reward responses from the other key");
        assertThat(get(server, "/api/v1/traces/conv-1", OTHER).status()).isEqualTo(404);
        assertThat(post(server, "/api/v1/annotations/comment", "{\"trace_id\":\"conv-1\",\"comment\":\"mine now\"}", OTHER).status())
                .isEqualTo(404);
        assertThat(post(server, "/api/v1/evaluations/filter", "{}", OTHER).json().get("total").asLong()).isEqualTo(1);
        assertThat(get(server, "/api/v1/traces/" + mine.at("/0/id").asText(), key).status()).isEqualTo(404);
        assertThat(get(server, "/api/v1/usage", OTHER).json().at("/usage/total_current_request_count").asLong()).isEqualTo(1);
    }

    @Test
    void theFilterSelectsByTagCriterionEndpointScoreAndDate() {
        assertThat(filter("{}").get("total").asLong()).isEqualTo(6);
        assertThat(filter("{'filters':[{'key':'env','values':['prod']}]}").get("total").asLong()).isEqualTo(4);
        assertThat(filter("{'filters':[{'key':'env','values':['prod','dev']}]}").get("total").asLong()).isEqualTo(5);
        assertThat(filter("{'filters':[{'key':'env','values':['prod']},{'key':'team','values':['a']}]}").get("total").asLong()).isEqualTo(1);
        assertThat(filter("{'criteria_filter':{'values':['CONCISE']}}").get("total").asLong()).isEqualTo(3);
        assertThat(filter("{'criteria_filter':{'values':['rude','capital']}}").get("total").asLong()).isEqualTo(2);
        assertThat(filter("{'criteria_filter':{'values':['100%_']}}").get("total").asLong()).as("LIKE wildcards are literal").isZero();
        assertThat(filter("{'endpoint_type':'reward'}").get("total").asLong()).isEqualTo(5);
        long scored = filter("{'min_score':0,'max_score':1}").get("total").asLong();
        assertThat(scored).isEqualTo(5);
        long high = filter("{'min_score':0.5}").get("total").asLong();
        long low = filter("{'max_score':0.4999}").get("total").asLong();
        assertThat(high + low).isEqualTo(5);
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        assertThat(filter("{'start_date':'" + today + "','end_date':'" + today + "'}").get("total").asLong()).isEqualTo(6);
        assertThat(filter("{'end_date':'2000-01-01'}").get("total").asLong()).isZero();
        assertThat(filter("{'trace_id':'conv-1'}").get("total").asLong()).isEqualTo(2);

        JsonNode page = filter("{'page':2,'page_size':4}");
        assertThat(page.get("evaluations")).hasSize(2);
        assertThat(page.get("total_pages").asLong()).isEqualTo(2);
        assertThat(page.get("page").asInt()).isEqualTo(2);
        JsonNode row = filter("{'page_size':1}").at("/evaluations/0");
        for (String f : List.of("id", "email", "endpoint", "status_code", "latency_ms", "request_payload", "response_payload", "token_count",
                "domain", "created_at", "model_class", "tags")) {
            assertThat(row.has(f)).as(f).isTrue();
        }
        assertThat(row.get("request_payload").isObject()).isTrue();
        Set<String> ids = new HashSet<>();
        for (int p = 1; p <= 3; p++) {
            filter("{'page':" + p + ",'page_size':2}").get("evaluations").forEach(e -> ids.add(e.get("id").asText()));
        }
        assertThat(ids).hasSize(6);
    }

    @Test
    void badParametersAre422NamingTheParameter() {
        for (String[] c : new String[][] {{"page_size=0", "page_size"}, {"page_size=501", "page_size"}, {"page_size=x", "page_size"},
                {"page_token=garbage!", "page_token"}, {"start_date=yesterday", "start_date"},
                {"start_date=2026-02-01&end_date=2026-01-01", "end_date"}}) {
            var r = get(server, "/api/v1/traces?" + c[0], key);
            assertThat(r.status()).as(c[0]).isEqualTo(422);
            assertThat(r.json().at("/detail/0/loc").toString()).as(c[0]).isEqualTo("[\"query\",\"" + c[1] + "\"]");
        }
        for (String[] c : new String[][] {{"{'page':0}", "page"}, {"{'page_size':1001}", "page_size"}, {"{'endpoint_type':'x'}", "endpoint_type"},
                {"{'min_score':2}", "min_score"}, {"{'filters':[{'key':'env','values':'prod'}]}", "filters"},
                {"{'criteria_filter':{'values':[1]}}", "criteria_filter"}}) {
            var r = post(server, "/api/v1/evaluations/filter", TestSupport.json(c[0]));
            assertThat(r.status()).as(c[0]).isEqualTo(422);
            assertThat(r.json().at("/detail/0/loc/1").asText()).as(c[0]).isEqualTo(c[1]);
        }
    }

    @Test
    void usageCountsPerModelCore() {
        JsonNode u = get(server, "/api/v1/usage", key).json();
        assertThat(u.at("/usage/models/align-20251111/request_count").asLong()).isEqualTo(5);
        assertThat(u.at("/usage/models/align-20250529/request_count").asLong()).isEqualTo(1);
        assertThat(u.at("/usage/total_current_request_count").asLong()).isEqualTo(6);
        assertThat(u.at("/usage/total_current_token_count").asLong()).isPositive();
    }

    static JsonNode filter(String body) {
        var r = post(server, "/api/v1/evaluations/filter", TestSupport.json(body));
        assertThat(r.status()).as(body + " -> " + r.body()).isEqualTo(200);
        return r.json();
    }
}

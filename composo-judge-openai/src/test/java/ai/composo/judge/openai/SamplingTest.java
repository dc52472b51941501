package ai.composo.judge.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.composo.internal.json.Json;
import ai.composo.judge.JudgeConfig;
import ai.composo.judge.JudgeRequest;
import ai.composo.judge.Verdict;
import ai.composo.judge.openai.FakeOpenAiServer.Reply;
import ai.composo.judge.openai.internal.OpenAiSettings;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** k samples per evaluation against a local OpenAI-compatible server: mean, spread, confidence, usage, fingerprints. */
class SamplingTest {
    FakeOpenAiServer server;
    OpenAiJudge judge;

    @BeforeEach
    void start() throws Exception {
        server = new FakeOpenAiServer();
    }

    @AfterEach
    void stop() {
        if (judge != null) {
            judge.close();
        }
        server.close();
    }

    OpenAiJudge judge(String... extra) {
        Map<String, String> s = new HashMap<>();
        s.put("base-url", server.baseUrl());
        s.put("model", "llama3.1:8b");
        s.put("seed", "7");
        s.put("logprobs", "off");
        s.put("retries", "0");
        for (int i = 0; i < extra.length; i += 2) {
            s.put(extra[i], extra[i + 1]);
        }
        judge = new OpenAiJudge(OpenAiSettings.from(JudgeConfig.of("sampler", "openai", s)), new OpenAiJudgeTest.RecordingSleeper(), Clock.systemUTC());
        return judge;
    }

    /** The answer depends on the request's seed, so concurrent samples get known, different answers. */
    static Reply bySeed(com.fasterxml.jackson.databind.JsonNode body, Map<Integer, String> contentBySeed) {
        String content = contentBySeed.get(body.path("seed").asInt());
        if (content == null) {
            return Reply.status(500, "{\"error\":{\"message\":\"overloaded\"}}", Map.of());
        }
        ObjectNode root = (ObjectNode) Json.parse(FakeOpenAiServer.completion(content, null));
        root.put("system_fingerprint", "fp_" + body.path("seed").asInt() % 2);
        return Reply.json(Json.write(root));
    }

    @Test
    void aGradedCriterionIsTheMeanOfItsSamplesWithTheirSpreadAndSummedUsage() {
        Map<Integer, String> answers = Map.of(7, "{\"explanation\": \"Partly.\", \"score\": 6}",
                8, "{\"explanation\": \"Mostly.\", \"score\": 8}", 9, "{\"explanation\": \"Fully.\", \"score\": 10}");
        server.answer(body -> bySeed(body, answers));
        Verdict v = OpenAiJudgeTest.join(judge("samples", "3").evaluate(OpenAiJudgeTest.reward()));
        assertThat(v.score()).isCloseTo(0.8, within(1e-9));
        assertThat(v.explanation()).isEqualTo("Mostly.");
        assertThat(v.metadata().get("samples")).isEqualTo(List.of(0.6, 0.8, 1.0));
        double std = Math.sqrt((0.04 + 0 + 0.04) / 3);
        assertThat((Double) v.metadata().get("sample_std")).isCloseTo(std, within(1e-3));
        assertThat((Double) v.metadata().get("confidence")).isCloseTo(1 - 2 * std, within(1e-3));
        assertThat(v.metadata().get("usage")).isEqualTo(Map.of("prompt_tokens", 360L, "completion_tokens", 60L, "total_tokens", 420L));
        assertThat(v.metadata().get("requests")).isEqualTo(3);
        assertThat(v.metadata().get("system_fingerprints")).asList().containsExactlyInAnyOrder("fp_0", "fp_1");
        assertThat(v.metadata().get("response_model")).isEqualTo("fake");
        Set<Integer> seeds = server.requests().stream().map(r -> r.body().path("seed").asInt()).collect(Collectors.toSet());
        assertThat(seeds).containsExactlyInAnyOrder(7, 8, 9);
        assertThat(server.requests()).allSatisfy(r -> assertThat(r.body().path("temperature").asDouble()).isEqualTo(0.7));
    }

    @Test
    void aPassFailCriterionTakesTheMajorityAndFailedSamplesAreCounted() {
        Map<Integer, String> answers = Map.of(7, "{\"explanation\": \"Polite.\", \"verdict\": \"pass\"}",
                8, "{\"explanation\": \"Rude.\", \"verdict\": \"fail\"}", 9, "{\"explanation\": \"Polite enough.\", \"verdict\": \"pass\"}");
        server.answer(body -> bySeed(body, answers));
        JudgeRequest passes = JudgeRequest.builder().criterion("Response passes if it is polite").messages(OpenAiJudgeTest.supportChat()).build();
        Verdict v = OpenAiJudgeTest.join(judge("samples", "4").evaluate(passes));
        assertThat(v.passed()).isTrue();
        assertThat((Double) v.metadata().get("pass_fraction")).isCloseTo(0.667, within(1e-3));
        assertThat(v.metadata().get("samples_failed")).isEqualTo(1);
        assertThat(v.metadata().get("samples_requested")).isEqualTo(4);
    }

    /** A reply with one choice per requested {@code n}, scores 5, 7, 9. */
    static Reply nChoices(com.fasterxml.jackson.databind.JsonNode body) {
        ObjectNode root = (ObjectNode) Json.parse(FakeOpenAiServer.completion("{\"explanation\": \"x\", \"score\": 5}", null));
        com.fasterxml.jackson.databind.node.ArrayNode choices = root.putArray("choices");
        for (int i = 0; i < body.path("n").asInt(1); i++) {
            ObjectNode c = choices.addObject();
            c.put("index", i).put("finish_reason", "stop");
            c.putObject("message").put("role", "assistant").put("content", "{\"explanation\": \"choice " + i + "\", \"score\": " + (5 + 2 * i) + "}");
        }
        root.put("system_fingerprint", "fp_n");
        return Reply.json(Json.write(root));
    }

    @Test
    void anEndpointThatHonoursNGivesAllSamplesInOneRequest() {
        server.answer(SamplingTest::nChoices);
        Verdict v = OpenAiJudgeTest.join(judge("samples", "3").evaluate(OpenAiJudgeTest.reward()));
        assertThat(server.requests()).hasSize(1);
        assertThat(server.last().body().path("n").asInt()).isEqualTo(3);
        assertThat(v.score()).isCloseTo(0.7, within(1e-9));
        assertThat(v.metadata().get("samples")).isEqualTo(List.of(0.5, 0.7, 0.9));
        assertThat(v.metadata().get("sampling")).isEqualTo("n choices in one request");
        assertThat(v.metadata().get("system_fingerprints")).isEqualTo(List.of("fp_n"));
        assertThat(v.metadata().get("usage")).isEqualTo(Map.of("prompt_tokens", 120, "completion_tokens", 20, "total_tokens", 140));
    }

    @Test
    void anEndpointThatRejectsNIsAskedForSeparateSamplesFromThenOn() {
        Map<Integer, String> answers = Map.of(7, "{\"explanation\": \"a\", \"score\": 4}", 8, "{\"explanation\": \"b\", \"score\": 6}");
        server.answer(body -> body.has("n")
                ? Reply.status(400, "{\"error\":{\"message\":\"'n' must be 1 for this model\"}}", Map.of())
                : bySeed(body, answers));
        OpenAiJudge j = judge("samples", "2");
        Verdict first = OpenAiJudgeTest.join(j.evaluate(OpenAiJudgeTest.reward()));
        assertThat(first.score()).isCloseTo(0.5, within(1e-9));
        assertThat(first.metadata().get("sampling")).isEqualTo("separate requests");
        int afterFirst = server.requests().size();
        assertThat(afterFirst).isEqualTo(3); // the refused one, then one per sample
        OpenAiJudgeTest.join(j.evaluate(OpenAiJudgeTest.reward()));
        assertThat(server.requests().subList(afterFirst, server.requests().size())).hasSize(2)
                .allSatisfy(r -> assertThat(r.body().has("n")).isFalse());
    }

    @Test
    void oneSampleIsTheDeterministicSingleCallAndSamplesAreValidated() {
        server.answer(Reply.json(FakeOpenAiServer.completion("{\"explanation\": \"Fine.\", \"score\": 7}", null)));
        Verdict v = OpenAiJudgeTest.join(judge().evaluate(OpenAiJudgeTest.reward()));
        assertThat(v.score()).isCloseTo(0.7, within(1e-9));
        assertThat(v.metadata()).doesNotContainKey("samples");
        assertThat(server.last().body().path("temperature").asDouble()).isZero();
        String one = judge.cacheIdentity();
        judge.close();
        assertThat(judge("samples", "5").cacheIdentity()).isNotEqualTo(one).contains("samples=5");
        assertThatThrownBy(() -> judge("samples", "0")).hasMessageContaining("'samples' must be at least 1");
        assertThatThrownBy(() -> judge("samples", "50")).hasMessageContaining("must be at most 20");
        assertThatThrownBy(() -> judge("samples", "3", "temperature", "3")).hasMessageContaining("between 0 and 2");
    }
}

package ai.composo.judge.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.composo.internal.json.Json;
import ai.composo.internal.time.Sleeper;
import ai.composo.judge.Judge;
import ai.composo.judge.JudgeConfig;
import ai.composo.judge.JudgeException;
import ai.composo.judge.JudgeFactory;
import ai.composo.judge.JudgeRequest;
import ai.composo.judge.Verdict;
import ai.composo.judge.openai.FakeOpenAiServer.Reply;
import ai.composo.judge.openai.internal.OpenAiSettings;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenAiJudgeTest {

    static final String KEY = "sk-test-0123456789abcdef";
    static final String WEATHER_TOOL = "{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"description\":\"Current weather\","
            + "\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}}}";

    /** Records the waits the retry layer asks for instead of spending them. */
    static final class RecordingSleeper implements Sleeper {
        final List<Duration> waits = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void sleep(Duration d) {
            waits.add(d);
        }

        @Override
        public CompletableFuture<Void> sleepAsync(Duration d) {
            waits.add(d);
            return CompletableFuture.completedFuture(null);
        }
    }

    FakeOpenAiServer server;
    RecordingSleeper sleeper = new RecordingSleeper();
    final List<Judge> judges = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = new FakeOpenAiServer();
    }

    @AfterEach
    void stop() {
        judges.forEach(Judge::close);
        server.close();
    }

    OpenAiJudge judge(String... extra) {
        Map<String, String> s = new HashMap<>();
        s.put("base-url", server.baseUrl());
        s.put("model", "llama3.1:8b");
        s.put("api-key-env", "JUDGE_KEY");
        s.put("seed", "7");
        for (int i = 0; i < extra.length; i += 2) {
            s.put(extra[i], extra[i + 1]);
        }
        JudgeConfig config = JudgeConfig.of("local-llama", "openai", s, name -> name.equals("JUDGE_KEY") ? KEY : null);
        OpenAiJudge j = new OpenAiJudge(OpenAiSettings.from(config), sleeper, Clock.systemUTC());
        judges.add(j);
        return j;
    }

    static List<JsonNode> supportChat() {
        return List.of(
                Json.parse("{\"role\":\"user\",\"content\":\"What is your refund policy?\"}"),
                Json.parse("{\"role\":\"assistant\",\"content\":\"Refunds within 30 days, see policy 4.2.\"}"));
    }

    static JudgeRequest reward() {
        return JudgeRequest.builder().criterion("Reward responses that cite the refund policy").messages(supportChat())
                .system("You are Acme's support bot.").rawTools(List.of(Json.parse(WEATHER_TOOL))).build();
    }

    static Verdict join(CompletableFuture<Verdict> f) {
        try {
            return f.get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new CompletionException(e.getCause() != null ? e.getCause() : e);
        }
    }

    static JudgeException judgeError(CompletableFuture<Verdict> f) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> join(f));
        assertThat(t).isInstanceOf(CompletionException.class).hasCauseInstanceOf(JudgeException.class);
        return (JudgeException) t.getCause();
    }

    @Test
    void scoreIsTheLogprobWeightedMeanAndTheRequestCarriesPromptFormatAndKey() {
        String content = "{\"explanation\": \"Cites policy 4.2 and the 30-day window.\", \"score\": 8}";
        Map<String, Double> alts = new LinkedHashMap<>();
        alts.put("8", 0.6);
        alts.put("9", 0.3);
        alts.put("6", 0.1);
        server.answer(Reply.json(FakeOpenAiServer.completion(content, FakeOpenAiServer.logprobs(content, content.indexOf("8}"), 1, alts))));

        Verdict v = join(judge().evaluate(reward()));

        assertThat(v.score()).isCloseTo((8 * 0.6 + 9 * 0.3 + 6 * 0.1) / 10, within(1e-9));
        assertThat(v.explanation()).isEqualTo("Cites policy 4.2 and the 30-day window.");
        assertThat(v.metadata()).containsEntry("score_method", "logprobs").containsEntry("sampled_score", 8)
                .containsEntry("judge_model", "llama3.1:8b").containsEntry("output_format", "json_schema");

        FakeOpenAiServer.Recorded r = server.last();
        assertThat(r.header("Authorization")).isEqualTo("Bearer " + KEY);
        JsonNode b = r.body();
        assertThat(b.path("model").asText()).isEqualTo("llama3.1:8b");
        assertThat(b.path("temperature").asDouble()).isEqualTo(0.0);
        assertThat(b.path("seed").asInt()).isEqualTo(7);
        assertThat(b.path("logprobs").asBoolean()).isTrue();
        assertThat(b.path("top_logprobs").asInt()).isEqualTo(10);
        assertThat(b.path("response_format").path("type").asText()).isEqualTo("json_schema");
        JsonNode schema = b.path("response_format").path("json_schema").path("schema");
        assertThat(schema.path("required").toString()).isEqualTo("[\"explanation\",\"score\"]");
        assertThat(r.systemPrompt()).contains("\"score\"");
        assertThat(r.userPrompt())
                .contains("<criterion>Reward responses that cite the refund policy</criterion>")
                .contains("<system_prompt>\nYou are Acme's support bot.\n</system_prompt>")
                .contains("<tool name=\"get_weather\">")
                .contains("<message index=\"1\" role=\"assistant\" evaluate=\"true\">\nRefunds within 30 days, see policy 4.2.");
    }

    @Test
    void endUserExplanationIsASecondPlainTextCallThatSeesOnlyTheExplanation() {
        server.answer(Reply.json(FakeOpenAiServer.completion(
                        "{\"explanation\": \"Per the system prompt the bot must cite policy 4.2; it does.\", \"score\": 9}", null)),
                Reply.json(FakeOpenAiServer.completion("The response points you to refund policy 4.2.", null)));
        JudgeRequest request = JudgeRequest.builder().criterion("Reward responses that cite the refund policy").messages(supportChat())
                .system("You are Acme's support bot.").endUserExplanation(true).build();

        Verdict v = join(judge().evaluate(request));

        assertThat(v.score()).isEqualTo(0.9);
        assertThat(v.explanation()).isEqualTo("Per the system prompt the bot must cite policy 4.2; it does.");
        assertThat(v.cleanedExplanation()).contains("The response points you to refund policy 4.2.");
        assertThat(v.metadata()).containsEntry("requests", 2);
        assertThat(server.requests()).hasSize(2);
        FakeOpenAiServer.Recorded rewrite = server.last();
        assertThat(rewrite.body().has("response_format")).isFalse();
        assertThat(rewrite.body().has("logprobs")).isFalse();
        assertThat(rewrite.systemPrompt()).contains("Do not mention the system prompt");
        assertThat(rewrite.userPrompt()).contains("Per the system prompt the bot must cite policy 4.2; it does.")
                .doesNotContain("You are Acme's support bot.").doesNotContain("What is your refund policy?");
    }

    @Test
    void aFailedEndUserRewriteKeepsTheVerdictAndSaysWhy() {
        server.answer(Reply.json(FakeOpenAiServer.completion("{\"explanation\": \"Cites it.\", \"score\": 8}", null)),
                Reply.status(400, "{\"error\":{\"message\":\"context length exceeded\"}}", Map.of()));
        JudgeRequest request = JudgeRequest.builder().criterion("Reward responses that cite the refund policy").messages(supportChat())
                .endUserExplanation(true).build();

        Verdict v = join(judge().evaluate(request));

        assertThat(v.score()).isEqualTo(0.8);
        assertThat(v.cleanedExplanation()).isEmpty();
        assertThat(v.metadata().get("cleaned_explanation_skipped")).asString().contains("400");
        assertThat(server.requests()).hasSize(2);

        server.answer(Reply.json(FakeOpenAiServer.completion("{\"explanation\": \"Cites it.\", \"score\": 8}", null)));
        Verdict plain = join(judge().evaluate(reward()));
        assertThat(plain.cleanedExplanation()).isEmpty();
        assertThat(server.requests()).as("no rewrite unless asked for").hasSize(3);
    }

    @Test
    void withoutLogprobsTheParsedScoreIsUsed() {
        server.answer(Reply.json(FakeOpenAiServer.completion("{\"explanation\": \"Partly.\", \"score\": 7}", null)));
        Verdict v = join(judge().evaluate(reward()));
        assertThat(v.score()).isEqualTo(0.7);
        assertThat(v.metadata()).containsEntry("score_method", "parsed");
        assertThat(v.metadata().get("usage")).isEqualTo(Map.of("prompt_tokens", 120, "completion_tokens", 20, "total_tokens", 140));

        judge("logprobs", "off").evaluate(reward()).join();
        assertThat(server.last().body().has("logprobs")).isFalse();
    }

    @Test
    void passFailComesFromThePassTokenProbabilityAndNullMeansNotApplicable() {
        String content = "{\"explanation\": \"The reply is courteous.\", \"verdict\": \"pass\"}";
        server.answer(Reply.json(FakeOpenAiServer.completion(content,
                FakeOpenAiServer.logprobs(content, content.indexOf("pass\"}"), 4, Map.of("pass", 0.7, "fail", 0.2, "not", 0.1)))));
        JudgeRequest failsIf = JudgeRequest.builder().criterion("Response fails if it is rude").messages(supportChat()).build();
        Verdict v = join(judge().evaluate(failsIf));
        assertThat(v.passed()).isTrue();
        assertThat((Double) v.metadata().get("pass_probability")).isCloseTo(0.7 / 0.9, within(1e-6));
        assertThat(server.last().userPrompt()).contains("The response fails if this condition holds: it is rude");
        assertThat(server.last().body().path("response_format").path("json_schema").path("schema").path("properties")
                .path("verdict").path("enum").toString()).isEqualTo("[\"pass\",\"fail\",\"not_applicable\"]");

        server.answer(Reply.json(FakeOpenAiServer.completion("{\"explanation\": \"Nothing about refunds.\", \"score\": null}", null)));
        Verdict na = join(judge().evaluate(reward()));
        assertThat(na.isNotApplicable()).isTrue();
        assertThat(na.wireScore()).isNull();
        assertThat(na.explanation()).isEqualTo("Nothing about refunds.");
    }

    @Test
    void toolCallPromptsCarryTheSchemaAndImmediateOrHindsightWording() {
        server.answer(Reply.json(FakeOpenAiServer.completion("{\"explanation\": \"Right tool.\", \"verdict\": \"pass\"}", null)));
        List<JsonNode> call = new ArrayList<>(List.of(
                Json.parse("{\"role\":\"user\",\"content\":\"Weather in Oslo?\"}"),
                Json.parse("{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\","
                        + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Oslo\\\"}\"}}]}")));
        OpenAiJudge judge = judge();
        join(judge.evaluate(JudgeRequest.builder().criterion("Tool call passes if the city matches the request")
                .messages(call).rawTools(List.of(Json.parse(WEATHER_TOOL))).build()));
        String immediate = server.last().userPrompt();
        assertThat(immediate).contains("evaluation=\"immediate\"").contains("Immediate evaluation")
                .contains("<parameters>{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}</parameters>")
                .contains("<arguments>{\"city\":\"Oslo\"}</arguments>");

        call.add(Json.parse("{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"3C, rain\"}"));
        call.add(Json.parse("{\"role\":\"assistant\",\"content\":\"3C and rain.\"}"));
        join(judge.evaluate(JudgeRequest.builder().criterion("Tool call passes if the city matches the request")
                .messages(call).rawTools(List.of(Json.parse(WEATHER_TOOL))).build()));
        assertThat(server.last().userPrompt()).contains("evaluation=\"hindsight\"").contains("Hindsight evaluation")
                .contains("<result>3C, rain</result>").doesNotContain("Immediate evaluation");

        int before = server.requests().size();
        Verdict none = join(judge.evaluate(JudgeRequest.builder().criterion("Tool call fails if the date is missing")
                .messages(supportChat()).build()));
        assertThat(none.isNotApplicable()).isTrue();
        assertThat(server.requests()).hasSize(before);
    }

    @Test
    void malformedOutputIsRetriedWithACorrectionThenFailsNamingTheJudge() {
        server.answer(Reply.json(FakeOpenAiServer.completion("It looks pretty good to me!", null)));
        JudgeException e = judgeError(judge("format-retries", "2").evaluate(reward()));
        assertThat(e.statusCode()).isEqualTo(500);
        assertThat(e.judgeName()).isEqualTo("local-llama");
        assertThat(e.detail()).startsWith("Judge 'local-llama' failed: the model's answer could not be read after 3 attempts")
                .contains("no JSON object with a \"score\" field").contains("It looks pretty good to me!");
        assertThat(server.requests()).hasSize(3);
        JsonNode retry = server.last().body().path("messages");
        assertThat(retry.size()).isEqualTo(6);
        assertThat(retry.path(2).path("role").asText()).isEqualTo("assistant");
        assertThat(retry.path(3).path("content").asText()).startsWith("Your answer could not be read");
    }

    @Test
    void malformedThenReadableSucceeds() {
        server.answer(Reply.json(FakeOpenAiServer.completion("{\"explanation\": \"x\", \"score\": 42}", null)),
                Reply.json(FakeOpenAiServer.completion("{\"explanation\": \"Clear.\", \"score\": 9}", null)));
        Verdict v = join(judge().evaluate(reward()));
        assertThat(v.score()).isEqualTo(0.9);
        assertThat(v.metadata()).containsEntry("requests", 2);
        assertThat(server.requests().get(1).body().path("messages").path(3).path("content").asText())
                .contains("\"score\" must be from 0 to 10, got 42");
    }

    @Test
    void rateLimitIsRetriedAfterTheRequestedWait() {
        server.answer(Reply.status(429, "{\"error\":{\"message\":\"Rate limit reached\"}}", Map.of("Retry-After", "1")),
                Reply.json(FakeOpenAiServer.completion("{\"explanation\": \"ok\", \"score\": 10}", null)));
        Verdict v = join(judge().evaluate(reward()));
        assertThat(v.score()).isEqualTo(1.0);
        assertThat(server.requests()).hasSize(2);
        assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(1));
    }

    @Test
    void serverErrorsAreRetriedThenReportedAs500() {
        server.answer(Reply.status(503, "{\"error\":{\"message\":\"model is loading\"}}", Map.of()));
        JudgeException e = judgeError(judge("retries", "2").evaluate(reward()));
        assertThat(e.statusCode()).isEqualTo(500);
        assertThat(e.detail()).isEqualTo("Judge 'local-llama' failed: the endpoint " + server.baseUrl()
                + "/chat/completions answered HTTP 503 after 3 attempt(s): model is loading");
        assertThat(server.requests()).hasSize(3);
        assertThat(sleeper.waits).hasSize(2);
    }

    @Test
    void runningOutOfTimeIs524() {
        server.answer(Reply.json(FakeOpenAiServer.completion("{\"explanation\": \"late\", \"score\": 5}", null)).delayed(3000));
        long start = System.nanoTime();
        JudgeException e = judgeError(judge("timeout", "300ms").evaluate(reward()));
        assertThat(e.statusCode()).isEqualTo(524);
        assertThat(e.detail()).startsWith("Judge 'local-llama' timed out: no usable answer from " + server.baseUrl());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
    }

    @Test
    void jsonSchemaRejectionFallsBackToJsonObjectAndIsRemembered() {
        server.answer(body -> body.path("response_format").path("type").asText().equals("json_schema")
                ? Reply.status(400, "{\"error\":{\"message\":\"response_format.type 'json_schema' is not supported\"}}", Map.of())
                : Reply.json(FakeOpenAiServer.completion("```json\n{\"explanation\": \"ok\", \"score\": 6}\n```", null)));
        OpenAiJudge judge = judge();
        Verdict v = join(judge.evaluate(reward()));
        assertThat(v.score()).isEqualTo(0.6);
        assertThat(v.metadata()).containsEntry("output_format", "json_object");
        assertThat(server.requests()).extracting(r -> r.body().path("response_format").path("type").asText())
                .containsExactly("json_schema", "json_object");
        join(judge.evaluate(reward()));
        assertThat(server.last().body().path("response_format").path("type").asText()).isEqualTo("json_object");
        assertThat(server.requests()).hasSize(3);

        JudgeException strict = judgeError(judge("json-schema", "on").evaluate(reward()));
        assertThat(strict.detail()).contains("rejected the request (HTTP 400)").contains("json_schema");
    }

    @Test
    void fallsBackFromJsonObjectToPlainAndDropsRejectedLogprobs() {
        server.answer(body -> {
            String type = body.path("response_format").path("type").asText();
            if (!type.isEmpty()) {
                return Reply.status(400, "{\"error\":{\"message\":\"unsupported response_format type: " + type + "\"}}", Map.of());
            }
            if (body.has("logprobs")) {
                return Reply.status(400, "{\"error\":{\"message\":\"logprobs are not supported by this server\"}}", Map.of());
            }
            return Reply.json(FakeOpenAiServer.completion("Explanation: clear and correct.\nScore: 8", null));
        });
        Verdict v = join(judge().evaluate(reward()));
        assertThat(v.score()).isEqualTo(0.8);
        assertThat(v.explanation()).isEqualTo("clear and correct.");
        assertThat(v.metadata()).containsEntry("output_format", "plain").containsEntry("score_method", "parsed");
        assertThat(server.requests()).extracting(r -> r.body().path("response_format").path("type").asText() + "/" + r.body().has("logprobs"))
                .containsExactly("json_schema/true", "json_object/true", "/true", "/false");
    }

    @Test
    void switchesToMaxCompletionTokensWhenTheModelAsksForIt() {
        server.answer(body -> body.has("max_tokens")
                ? Reply.status(400, "{\"error\":{\"message\":\"Unsupported parameter: 'max_tokens' is not supported with this model. "
                        + "Use 'max_completion_tokens' instead.\"}}", Map.of())
                : Reply.json(FakeOpenAiServer.completion("{\"explanation\": \"ok\", \"score\": 3}", null)));
        OpenAiJudge judge = judge("max-tokens", "500");
        assertThat(join(judge.evaluate(reward())).score()).isEqualTo(0.3);
        assertThat(join(judge.evaluate(reward())).score()).isEqualTo(0.3);
        assertThat(server.requests()).hasSize(3);
        assertThat(server.last().body().path("max_completion_tokens").asInt()).isEqualTo(500);
    }

    @Test
    void maxConcurrentCapsRequestsInFlight() {
        java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger peak = new java.util.concurrent.atomic.AtomicInteger();
        server.answer(body -> {
            peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inFlight.decrementAndGet();
            return Reply.json(FakeOpenAiServer.completion("{\"explanation\": \"ok\", \"score\": 5}", null));
        });
        OpenAiJudge judge = judge("max-concurrent", "2");
        List<CompletableFuture<Verdict>> all = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            all.add(judge.evaluate(reward()));
        }
        all.forEach(f -> assertThat(join(f).score()).isEqualTo(0.5));
        assertThat(server.requests()).hasSize(6);
        assertThat(peak.get()).isEqualTo(2);
    }

    @Test
    void credentialsErrorsNeverEchoTheKey() {
        server.answer(Reply.status(401, "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + "\"}}", Map.of()));
        JudgeException e = judgeError(judge().evaluate(reward()));
        assertThat(e.statusCode()).isEqualTo(500);
        assertThat(e.detail()).contains("refused the credentials (HTTP 401)").doesNotContain(KEY).doesNotContain("0123456789");
        assertThat(e.getCause()).as("the endpoint's body (which echoed the key) is not kept for logs").isNull();
        assertThat(server.requests()).hasSize(1);
        assertThat(judge().toString()).contains("api-key-env=JUDGE_KEY").doesNotContain(KEY);
    }

    @Test
    void factoryIsFoundByServiceLoaderAndValidatesSettings() {
        JudgeFactory factory = ServiceLoader.load(JudgeFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(f -> f.type().equals("openai")).findFirst().orElseThrow();
        try (Judge j = factory.create(JudgeConfig.of("ollama", "openai", Map.of("base-url", server.baseUrl(), "model", "qwen2.5:7b")))) {
            assertThat(j.name()).isEqualTo("ollama");
            assertThat(j.deterministic()).isFalse();
            assertThat(j.health().ready()).isTrue();
        }
        assertThatThrownBy(() -> factory.create(JudgeConfig.of("o", "openai", Map.of("model", "m"))))
                .hasMessage("judge 'o': setting 'base-url' is required");
        assertThatThrownBy(() -> factory.create(JudgeConfig.of("o", "openai", Map.of("base-url", "localhost:11434", "model", "m"))))
                .hasMessageContaining("setting 'base-url' must be an http(s) URL");
        assertThatThrownBy(() -> factory.create(JudgeConfig.of("o", "openai", Map.of("base-url", server.baseUrl(), "model", "m", "base_url", "x"))))
                .hasMessageContaining("unknown setting(s) [base_url]");
        assertThatThrownBy(() -> factory.create(JudgeConfig.of("o", "openai",
                Map.of("base-url", server.baseUrl(), "model", "m", "api-key-env", "NO_SUCH_VAR"), n -> null)))
                .hasMessageContaining("names the environment variable NO_SUCH_VAR, which is not set");
        assertThatThrownBy(() -> factory.create(JudgeConfig.of("o", "openai", Map.of("base-url", server.baseUrl(), "model", "m", "logprobs", "maybe"))))
                .hasMessageContaining("'logprobs' must be auto, on or off");
        try (Judge j = factory.create(JudgeConfig.of("o", "openai", Map.of("base-url", server.baseUrl(), "model", "m", "deterministic", "true")))) {
            assertThat(j.deterministic()).isTrue();
        }
    }

    @Test
    void closeFailsPendingAndLaterEvaluations() {
        server.answer(Reply.json(FakeOpenAiServer.completion("{\"explanation\": \"late\", \"score\": 5}", null)).delayed(3000));
        OpenAiJudge judge = judge();
        CompletableFuture<Verdict> pending = judge.evaluate(reward());
        judge.close();
        assertThat(judgeError(pending).detail()).contains("closed");
        assertThat(judgeError(judge.evaluate(reward())).detail()).contains("the judge is closed");
        assertThat(judge.health().ready()).isFalse();
    }
}

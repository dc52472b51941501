package ai.composo.judge.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.composo.judge.Judge;
import ai.composo.judge.JudgeConfig;
import ai.composo.judge.JudgeException;
import ai.composo.judge.JudgeFactory;
import ai.composo.judge.JudgeRequest;
import ai.composo.judge.Verdict;
import ai.composo.model.AgentInstance;
import ai.composo.model.LLMInput;
import ai.composo.model.LLMInteraction;
import ai.composo.model.LLMOutput;
import ai.composo.model.LLMToolCall;
import ai.composo.model.LLMToolDefinition;
import ai.composo.model.LLMToolResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EmbeddedJudgeTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static EmbeddedJudge judge;

    @BeforeAll
    static void load() {
        judge = SharedJudge.get();
    }

    static List<JsonNode> messages(String json) throws Exception {
        List<JsonNode> out = new java.util.ArrayList<>();
        JSON.readTree(json).forEach(out::add);
        return out;
    }

    static Verdict eval(JudgeRequest r) throws Exception {
        return judge.evaluate(r).get(30, TimeUnit.SECONDS);
    }

    static final String RAG = """
            [{"role":"system","content":"Answer only from the context. Context: The Model X kettle holds 1.7 litres. It boils water in 3 minutes. The warranty lasts 2 years and covers heating element failures."},
             {"role":"user","content":"How long is the warranty on the Model X kettle?"},
             {"role":"assistant","content":"%s"}]""";

    @Test
    void isFoundThroughServiceLoaderAndValidatesSettings() {
        JudgeFactory f = ServiceLoader.load(JudgeFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(x -> x.type().equals("embedded")).findFirst().orElseThrow();
        assertThatThrownBy(() -> f.create(JudgeConfig.of("local", "embedded", Map.of("threads", "0"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'threads'").hasMessageContaining("0");
        assertThatThrownBy(() -> f.create(JudgeConfig.of("local", "embedded", Map.of("timeout", "0s"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("judge 'local': setting 'timeout' must be positive, got '0s'");
        assertThatThrownBy(() -> f.create(JudgeConfig.of("local", "embedded", Map.of("model", "gpt-4"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown setting(s) [model]");
        try (Judge j = f.create(JudgeConfig.of("local", "embedded", Map.of("threads", "1", "timeout", "30s")))) {
            assertThat(j.name()).isEqualTo("local");
            assertThat(j.deterministic()).isTrue();
        }
    }

    @Test
    void groundedAnswerOutscoresHallucinatedOneAndExplainsItsSignals() throws Exception {
        String criterion = "Reward responses that are faithful to the provided context";
        Verdict good = eval(JudgeRequest.builder().criterion(criterion)
                .messages(messages(RAG.formatted("The warranty on the Model X kettle lasts 2 years and covers heating element failures."))).build());
        Verdict bad = eval(JudgeRequest.builder().criterion(criterion)
                .messages(messages(RAG.formatted("The Model X kettle comes with a 5 year warranty that also covers accidental drops and free replacement shipping worldwide."))).build());
        assertThat(good.score()).isGreaterThan(bad.score());
        assertThat(good.explanation()).contains("grounding=").contains("sentences unsupported by the context");
        assertThat(good.metadata()).containsKeys("confidence", "signals");
        assertThat(((Map<?, ?>) good.metadata().get("signals")).keySet()).extracting(Object::toString).contains("grounding");
        double confidence = ((Number) good.metadata().get("confidence")).doubleValue();
        assertThat(confidence).isBetween(0.0, 1.0);
    }

    @Test
    void endUserExplanationDescribesTheReplyInPlainWordsAndOnlyWhenAskedFor() throws Exception {
        String verbose = "Great question! Warranties are an important topic that many customers ask about. It is worth noting that kettles "
                + "are used every day. In this case, basically, the warranty on the Model X kettle lasts 2 years. I hope this helps, "
                + "and let me know if you have any other questions about kettles, warranties, or anything else at all!";
        JudgeRequest.Builder b = JudgeRequest.builder().criterion("Response fails if it is verbose or padded with filler")
                .messages(messages(RAG.formatted(verbose)));
        Verdict plain = eval(b.build());
        Verdict cleaned = eval(b.endUserExplanation(true).build());

        assertThat(plain.cleanedExplanation()).isEmpty();
        assertThat(cleaned.passed()).isEqualTo(plain.passed()).isFalse();
        assertThat(cleaned.explanation()).isEqualTo(plain.explanation());
        assertThat(cleaned.cleanedExplanation().orElseThrow()).startsWith("The assistant's response does not meet this requirement. ")
                .contains("It is much longer than it needs to be.");

        Verdict grounded = eval(JudgeRequest.builder().criterion("Reward responses that are faithful to the provided context")
                .messages(messages(RAG.formatted("The warranty on the Model X kettle lasts 2 years and covers heating element failures.")))
                .endUserExplanation(true).build());
        assertThat(grounded.cleanedExplanation().orElseThrow()).contains("It sticks to the information it was given.")
                .doesNotContainPattern("(?i)score|cosine|criterion|signal|confidence|embedding|\\d\\.\\d");

        Verdict nothing = eval(JudgeRequest.builder().criterion("Tool call passes if it uses the weather tool")
                .messages(messages(RAG.formatted("It lasts two years."))).endUserExplanation(true).build());
        assertThat(nothing.isNotApplicable()).isTrue();
        assertThat(nothing.cleanedExplanation()).contains("This check does not apply to this conversation. The assistant's reply makes no tool call.");
    }

    @Test
    void penalizeInvertsAndPassFailGivesAFlag() throws Exception {
        String verbose = "Great question! Warranties are an important topic that many customers ask about. It is worth noting that kettles "
                + "are used every day. In this case, basically, the warranty on the Model X kettle lasts 2 years. I hope this helps, "
                + "and let me know if you have any other questions about kettles, warranties, or anything else at all!";
        String concise = "The Model X kettle has a 2-year warranty.";
        Verdict reward = eval(JudgeRequest.builder().criterion("Reward concise responses").messages(messages(RAG.formatted(concise))).build());
        Verdict penalize = eval(JudgeRequest.builder().criterion("Penalize verbose responses").messages(messages(RAG.formatted(verbose))).build());
        Verdict penalizeConcise = eval(JudgeRequest.builder().criterion("Penalize verbose responses").messages(messages(RAG.formatted(concise))).build());
        assertThat(penalizeConcise.score()).isGreaterThan(penalize.score());
        assertThat(reward.score()).isGreaterThan(0.5);
        Verdict fails = eval(JudgeRequest.builder().criterion("Response fails if it is verbose or padded with filler").messages(messages(RAG.formatted(verbose))).build());
        assertThat(fails.passed()).isFalse();
        assertThat(fails.score()).isNull();
        assertThat(fails.explanation()).startsWith("Fails").contains("conciseness=");
    }

    @Test
    void sameInputGivesBitIdenticalVerdicts() throws Exception {
        JudgeRequest r = JudgeRequest.builder().criterion("Reward responses that directly answer the user's question")
                .messages(messages(RAG.formatted("It lasts two years."))).build();
        List<CompletableFuture<Verdict>> runs = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            runs.add(judge.evaluate(r));
        }
        Verdict first = runs.get(0).get(30, TimeUnit.SECONDS);
        for (CompletableFuture<Verdict> f : runs) {
            Verdict v = f.get(30, TimeUnit.SECONDS);
            assertThat(Double.doubleToRawLongBits(v.score())).isEqualTo(Double.doubleToRawLongBits(first.score()));
            assertThat(v).isEqualTo(first);
        }
        try (EmbeddedJudge other = EmbeddedJudge.builder().threads(1).build()) {
            assertThat(other.evaluate(r).get(30, TimeUnit.SECONDS)).isEqualTo(first);
        }
    }

    static final String TOOLS = """
            [{"type":"function","function":{"name":"get_weather","description":"Current weather for a city",
              "parameters":{"type":"object","properties":{"city":{"type":"string"},"unit":{"type":"string","enum":["celsius","fahrenheit"]}},"required":["city"]}}},
             {"type":"function","function":{"name":"book_flight","description":"Book a flight between two airports",
              "parameters":{"type":"object","properties":{"from":{"type":"string"},"to":{"type":"string"},"date":{"type":"string"}},"required":["from","to","date"]}}}]""";

    static JudgeRequest toolRequest(String criterion, String call) throws Exception {
        return JudgeRequest.builder().criterion(criterion).rawTools(messages(TOOLS))
                .messages(messages("[{\"role\":\"user\",\"content\":\"What's the weather in Lisbon right now, in celsius?\"},"
                        + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\",\"function\":" + call + "}]}]"))
                .build();
    }

    @Test
    void toolCallsAreCheckedAgainstTheSchema() throws Exception {
        String c = "Tool call passes if it calls the right tool with valid arguments";
        Verdict ok = eval(toolRequest(c, "{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Lisbon\\\",\\\"unit\\\":\\\"celsius\\\"}\"}"));
        Verdict missing = eval(toolRequest(c, "{\"name\":\"get_weather\",\"arguments\":\"{\\\"unit\\\":\\\"kelvin\\\"}\"}"));
        Verdict unknown = eval(toolRequest(c, "{\"name\":\"get_forecast\",\"arguments\":\"{\\\"city\\\":\\\"Lisbon\\\"}\"}"));
        assertThat(ok.passed()).isTrue();
        assertThat(missing.passed()).isFalse();
        assertThat(missing.explanation()).contains("required argument 'city' is missing").contains("is not one of");
        assertThat(unknown.passed()).isFalse();
        assertThat(unknown.explanation()).contains("'get_forecast' is not one of the defined tools");
        assertThat(ok.explanation()).contains("immediate: no tool result yet");
    }

    @Test
    void toolCriterionWithoutAToolCallIsNotApplicable() throws Exception {
        Verdict v = eval(JudgeRequest.builder().criterion("Tool call passes if the city argument is correct").rawTools(messages(TOOLS))
                .messages(messages("[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"assistant\",\"content\":\"Hello!\"}]")).build());
        assertThat(v.isNotApplicable()).isTrue();
        assertThat(v.explanation()).contains("makes none");
    }

    @Test
    void agentTraceChecksFindRepeatedCallsAndErrors() throws Exception {
        LLMToolDefinition search = new LLMToolDefinition("search_orders", "Find a customer's orders",
                "{\"type\":\"object\",\"properties\":{\"email\":{\"type\":\"string\"}},\"required\":[\"email\"]}");
        LLMToolCall call = new LLMToolCall("t1", "search_orders", "{\"email\":\"ann@example.com\"}");
        AgentInstance good = AgentInstance.builder("a1", "support")
                .interaction(LLMInteraction.builder().input(LLMInput.text("user", "Find my last order, my email is ann@example.com"))
                        .output(LLMOutput.toolCall(call)).tool(search).build())
                .interaction(LLMInteraction.builder().input(LLMInput.toolResponse(new LLMToolResponse("t1", "[{\"id\":\"A-17\",\"item\":\"lamp\",\"date\":\"2026-10-02\"}]", "search_orders")))
                        .output(LLMOutput.text("Your last order is A-17, a lamp, placed on 2026-10-02.")).tool(search).build())
                .build();
        AgentInstance.Builder loopB = AgentInstance.builder("a2", "support")
                .interaction(LLMInteraction.builder().input(LLMInput.text("user", "Find my last order, my email is ann@example.com"))
                        .output(LLMOutput.toolCall(call)).tool(search).build());
        for (int i = 2; i <= 4; i++) {
            loopB.interaction(LLMInteraction.builder().input(LLMInput.toolResponse(new LLMToolResponse("t" + (i - 1), "Error: service unavailable", "search_orders")))
                    .output(LLMOutput.toolCall(new LLMToolCall("t" + i, "search_orders", "{\"email\":\"ann@example.com\"}"))).tool(search).build());
        }
        String c = "Reward agents that accomplish the user's goal efficiently";
        Verdict g = eval(JudgeRequest.builder().criterion(c).agentInstance(good).build());
        Verdict l = eval(JudgeRequest.builder().criterion(c).agentInstance(loopB.build()).build());
        assertThat(g.score()).isGreaterThan(l.score());
        assertThat(l.explanation()).contains("3 repeated identical calls").contains("no final answer");
    }

    @Test
    void confidenceIsLowForWhatTheJudgeCannotSee() throws Exception {
        List<JsonNode> m = messages("[{\"role\":\"user\",\"content\":\"When did the Berlin Wall fall?\"},{\"role\":\"assistant\",\"content\":\"In 1989.\"}]");
        Verdict factual = eval(JudgeRequest.builder().criterion("Reward factually correct responses").messages(m).build());
        Verdict concise = eval(JudgeRequest.builder().criterion("Reward concise responses").messages(m).build());
        double low = ((Number) factual.metadata().get("confidence")).doubleValue();
        double high = ((Number) concise.metadata().get("confidence")).doubleValue();
        assertThat(low).isLessThan(0.3).isLessThan(high);
        assertThat(factual.explanation()).contains("factual accuracy cannot be checked without a reference");
        Verdict withReference = eval(JudgeRequest.builder().criterion("Reward factually correct responses").messages(m)
                .referenceOutput("The Berlin Wall fell on 9 November 1989.").build());
        assertThat(((Number) withReference.metadata().get("confidence")).doubleValue()).isGreaterThan(low);
    }

    @Test
    void aPersonaSystemPromptIsNotASourceToGroundIn() throws Exception {
        List<JsonNode> m = messages("""
                [{"role":"system","content":"You are the support assistant of Northwind. Be friendly and concise. Never promise refunds."},
                 {"role":"user","content":"Where is my parcel?"},{"role":"assistant","content":"It left our warehouse on Monday and arrives tomorrow."}]""");
        Verdict v = eval(JudgeRequest.builder().criterion("Reward responses that are faithful to the provided context").messages(m).build());
        assertThat(v.explanation()).contains("no context, tool result or document to ground in");
        assertThat(((Number) v.metadata().get("confidence")).doubleValue()).isLessThan(0.4);
    }

    @Test
    void judgingEveryTurnAveragesThem() throws Exception {
        List<JsonNode> m = messages("""
                [{"role":"user","content":"What's 2+2?"},{"role":"assistant","content":"4."},
                 {"role":"user","content":"And 3+3?"},{"role":"assistant","content":"Great question! Let me explain in detail. Addition is one of the four basic operations of arithmetic, taught in every school. Basically, when we add three and three we combine two groups of three items, and it is worth noting that the result, which is six, is also an even number. I hope this helps, let me know if you have any other questions!"}]""");
        Verdict latest = eval(JudgeRequest.builder().criterion("Reward concise responses").messages(m).build());
        Verdict all = eval(JudgeRequest.builder().criterion("Reward concise responses").messages(m).evaluateLatest(false).build());
        assertThat(all.explanation()).contains("Mean over 2 assistant turns");
        assertThat(all.score()).isGreaterThan(latest.score());
    }

    @Test
    void pastDeadlineTimesOutWith524() {
        JudgeRequest r = JudgeRequest.builder().criterion("Reward concise responses")
                .messages(List.of(JSON.valueToTree(Map.of("role", "user", "content", "hi")), JSON.valueToTree(Map.of("role", "assistant", "content", "hello"))))
                .deadline(Instant.now().minus(Duration.ofSeconds(1))).build();
        assertThatThrownBy(() -> judge.evaluate(r).get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(JudgeException.class)
                .satisfies(e -> assertThat(((JudgeException) e).statusCode()).isEqualTo(524));
    }

    @Test
    void healthReportsTheLoadedModel() {
        assertThat(judge.health().ready()).isTrue();
        assertThat(judge.health().detail()).contains("bge-small-en-v1.5-q loaded in");
        assertThat(judge.modelLoadTime()).isPresent();
    }
}

package ai.composo.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.composo.AsyncComposo;
import ai.composo.Composo;
import ai.composo.EvaluationRequest;
import ai.composo.errors.AuthenticationException;
import ai.composo.errors.BadRequestException;
import ai.composo.errors.MalformedException;
import ai.composo.errors.NotFoundException;
import ai.composo.errors.RateLimitException;
import ai.composo.model.AgentInstance;
import ai.composo.model.EvaluationResponse;
import ai.composo.model.LLMInput;
import ai.composo.model.LLMInteraction;
import ai.composo.model.LLMOutput;
import ai.composo.model.Message;
import ai.composo.model.MultiAgentTrace;
import ai.composo.model.MultiAgentTraceResponse;
import ai.composo.model.Task;
import ai.composo.model.TaskHandle;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The project's own Java SDK, unchanged, against the server. */
class SdkClientTest {
    @TempDir
    static Path dir;

    static ComposoServer server;
    static Composo client;

    static final List<Message> MESSAGES = List.of(Message.user("What is the capital of Australia?"),
            Message.assistant("The capital of Australia is Canberra."));

    static final MultiAgentTrace TRACE = MultiAgentTrace.builder("root")
            .agent(AgentInstance.builder("root", "planner").interaction(LLMInteraction.builder()
                    .input(LLMInput.text("user", "Plan a trip to Canberra"))
                    .output(LLMOutput.text("Plan: fly to Canberra, visit Parliament House")).build()).call("w1").build())
            .agent(AgentInstance.builder("w1", "worker").interaction(LLMInteraction.builder()
                    .input(LLMInput.text("user", "Book a hotel in Canberra"))
                    .output(LLMOutput.text("Booked a hotel in Canberra")).build()).build())
            .build();

    @BeforeAll
    static void start() {
        server = ComposoServer.start(TestSupport.config(dir).build());
        client = Composo.builder().baseUrl(server.baseUrl()).apiKey(server.devApiKey().orElseThrow()).build();
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    @Test
    void evaluatesOneAndManyCriteria() {
        EvaluationResponse r = client.evaluate(MESSAGES, "Reward responses that name the capital of Australia");
        assertThat(r.score()).isBetween(0.5, 1.0);
        assertThat(r.sources()).isEmpty();
        assertThat(r.additionalProperties().get("metadata").get("judge").asText()).isEqualTo("lexical");
        List<EvaluationResponse> many = client.evaluate(MESSAGES, List.of("Reward responses that name Canberra",
                "Response passes if it names Canberra", "Response fails if it names Canberra"));
        assertThat(many).extracting(EvaluationResponse::score).containsExactly(many.get(0).score(), 1.0, 0.0);
    }

    @Test
    void asyncClientEvaluatesConcurrently() {
        try (AsyncComposo async = AsyncComposo.builder().baseUrl(server.baseUrl()).apiKey(server.devApiKey().orElseThrow()).build()) {
            List<EvaluationResponse> rs = async.evaluate(MESSAGES, List.of("Reward a", "Reward Canberra answers", "Penalize Canberra")).join();
            assertThat(rs).hasSize(3).allSatisfy(r -> assertThat(r.score()).isBetween(0.0, 1.0));
        }
    }

    @Test
    void backgroundEvaluationsAreRetrievedThroughTasks() {
        TaskHandle h = client.evaluateInBackground(EvaluationRequest.of(MESSAGES, "Reward responses that name the capital"));
        assertThat(h.status()).isEqualTo("pending");
        Task t = client.awaitTask(h.taskId(), Duration.ofSeconds(20));
        assertThat(t.status()).isEqualTo(Task.SUCCEEDED);
        assertThat(t.evaluationResult().score()).isPositive();

        TaskHandle th = client.evaluateTraceInBackground(TRACE, "Reward agents that book in Canberra", null);
        MultiAgentTraceResponse tr = client.awaitTask(th.taskId(), Duration.ofSeconds(20)).traceResult();
        assertThat(tr.agentScores()).containsOnlyKeys("planner", "worker");
    }

    @Test
    void evaluatesTraces() {
        MultiAgentTraceResponse r = client.evaluateTrace(TRACE, "Reward agents that work on the Canberra trip");
        assertThat(r.requestId()).isNotBlank();
        assertThat(r.resultsByAgentName().get("worker").summaryStatistics().std()).isEqualTo(0.0);
        assertThat(r.instanceResult("w1")).isPresent();
        assertThat(r.overallScore()).isBetween(0.0, 1.0);
    }

    @Test
    void errorsMapToTypedExceptions() {
        assertThatThrownBy(() -> client.evaluate(MESSAGES, "Judge whether it is nice"))
                .isInstanceOf(MalformedException.class).hasMessageContaining("Criteria must start with one of");
        MultiAgentTrace empty = MultiAgentTrace.builder("a").agent(AgentInstance.builder("a", "idle").build()).build();
        assertThatThrownBy(() -> client.evaluateTrace(empty, "Reward agents that work"))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("Trace contains no LLM interactions");
        assertThatThrownBy(() -> client.getTask("no-such-task")).isInstanceOf(NotFoundException.class);
        try (Composo wrong = Composo.builder().baseUrl(server.baseUrl()).apiKey("cp-000000000000-wrong").build()) {
            assertThatThrownBy(() -> wrong.evaluate(MESSAGES, "Reward kindness")).isInstanceOf(AuthenticationException.class)
                    .hasMessageContaining("Invalid API key");
        }
    }

    @Test
    void rateLimitsSurfaceAsRateLimitExceptions(@TempDir Path other) {
        try (ComposoServer limited = ComposoServer.start(TestSupport.config(other).requestsPerHour(1).build());
                Composo c = Composo.builder().baseUrl(limited.baseUrl()).apiKey(limited.devApiKey().orElseThrow())
                        .timeout(Duration.ofSeconds(5)).build()) {
            c.evaluate(MESSAGES, "Reward kindness");
            assertThatThrownBy(() -> c.evaluate(MESSAGES, "Reward kindness")).isInstanceOf(RateLimitException.class)
                    .hasMessageContaining("requests per hour");
        }
    }
}

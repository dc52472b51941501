package ai.composo.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import ai.composo.internal.json.Json;
import ai.composo.model.AgentCall;
import ai.composo.model.AgentInstance;
import ai.composo.model.LLMInput;
import ai.composo.model.LLMInteraction;
import ai.composo.model.LLMOutput;
import ai.composo.model.LLMToolCall;
import ai.composo.model.LLMToolResponse;
import ai.composo.model.MultiAgentTrace;
import ai.composo.model.TextContent;
import ai.composo.tracing.AgentTracer;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.SystemMessage;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A supervisor agent delegating to a researcher agent that calls a tool, over a real HTTP chat model. */
class ComposoChatModelListenerTest {

    interface Supervisor {
        @SystemMessage("You coordinate research. Delegate to the researcher.")
        String handle(String request);
    }

    interface Researcher {
        @SystemMessage("You research topics with web search.")
        String research(String topic);
    }

    static final class WebSearch {
        @Tool("Search the web")
        String search(@P("the search query") String query) {
            return "3 results for " + query;
        }
    }

    /** The supervisor's tool: runs the researcher agent as a child agent instance. */
    static final class Delegation {
        private final Researcher researcher;

        Delegation(Researcher researcher) {
            this.researcher = researcher;
        }

        @Tool("Delegate research on a topic to the researcher agent")
        String research(@P("the topic to research") String topic) {
            try (AgentTracer ignored = AgentTracer.start("researcher", "researcher-1")) {
                return researcher.research(topic);
            }
        }
    }

    private FakeOpenAiServer server;
    private Supervisor supervisor;

    @BeforeEach
    void setUp() throws Exception {
        server = new FakeOpenAiServer();
        ChatModel model = OpenAiChatModel.builder()
                .baseUrl(server.baseUrl())
                .apiKey("test-key")
                .modelName("gpt-test")
                .listeners(List.of(new ComposoChatModelListener()))   // the only change to agent code
                .build();
        Researcher researcher = AiServices.builder(Researcher.class).chatModel(model).tools(new WebSearch()).build();
        supervisor = AiServices.builder(Supervisor.class).chatModel(model).tools(new Delegation(researcher)).build();
    }

    @AfterEach
    void tearDown() {
        server.close();
        assertThat(AgentTracer.current()).isEmpty();
    }

    @Test
    void capturesBothAgentsTheirToolCallsAndTheOrder() {
        MultiAgentTrace trace;
        String answer;
        try (AgentTracer root = AgentTracer.start("supervisor", "supervisor-1")) {
            answer = supervisor.handle("vegan restaurants in Leeds");
            trace = root.trace();
        }
        assertThat(answer).isEqualTo("Final answer: Findings: 3 results for vegan restaurants in Leeds");
        assertThat(server.exchanges()).hasSize(4);

        assertThat(trace.rootAgentInstanceId()).isEqualTo("supervisor-1");
        assertThat(trace.agentInstanceById()).containsOnlyKeys("supervisor-1", "researcher-1");
        AgentInstance sup = trace.root();
        assertThat(sup.name()).isEqualTo("supervisor");
        // LLM call (→ tool call), the researcher invoked by that tool, then the final LLM call
        assertThat(sup.interactions()).hasSize(3);
        assertThat(sup.interactions().get(1)).isEqualTo(new AgentCall("researcher-1"));

        LLMInteraction plan = (LLMInteraction) sup.interactions().get(0);
        assertThat(plan.inputMessages()).containsExactly(
                LLMInput.text("system", "You coordinate research. Delegate to the researcher."),
                LLMInput.text("user", "vegan restaurants in Leeds"));
        assertThat(plan.outputMessages()).containsExactly(LLMOutput.toolCall(
                new LLMToolCall("call_1", "research", "{\"topic\":\"vegan restaurants in Leeds\"}")));
        assertThat(plan.toolsAvailable()).singleElement().satisfies(t -> {
            assertThat(t.name()).isEqualTo("research");
            assertThat(t.description()).isEqualTo("Delegate research on a topic to the researcher agent");
            assertThat(Json.parse(t.parameters()).path("properties").path("topic").path("type").asText()).isEqualTo("string");
        });

        LLMInteraction finish = (LLMInteraction) sup.interactions().get(2);
        assertThat(finish.inputMessages()).hasSize(4);
        assertThat(finish.inputMessages().get(2)).isEqualTo(new LLMInput("assistant", "tool_call",
                new LLMToolCall("call_1", "research", "{\"topic\":\"vegan restaurants in Leeds\"}")));
        assertThat(finish.inputMessages().get(3)).isEqualTo(LLMInput.toolResponse(new LLMToolResponse("call_1",
                "Findings: 3 results for vegan restaurants in Leeds", "research")));
        assertThat(finish.outputMessages()).containsExactly(LLMOutput.text(answer));

        AgentInstance res = trace.agentInstanceById().get("researcher-1");
        assertThat(res.name()).isEqualTo("researcher");
        assertThat(res.childIds()).isEmpty();
        assertThat(res.llmInteractions()).hasSize(2);
        assertThat(res.llmInteractions().get(0).outputMessages()).containsExactly(LLMOutput.toolCall(
                new LLMToolCall("call_2", "search", "{\"query\":\"vegan restaurants in Leeds\"}")));
        assertThat(res.llmInteractions().get(0).toolsAvailable()).extracting(t -> t.name()).containsExactly("search");
        assertThat(res.llmInteractions().get(1).inputMessages()).last().isEqualTo(LLMInput.toolResponse(
                new LLMToolResponse("call_2", "3 results for vegan restaurants in Leeds", "search")));
        assertThat(res.llmInteractions().get(1).outputMessages()).containsExactly(
                new LLMOutput("text", new TextContent("Findings: 3 results for vegan restaurants in Leeds")));

        // Survives the wire format
        assertThat(MultiAgentTrace.fromJson(trace.toJson())).isEqualTo(trace);
    }

    @Test
    void theSameRunRecordedThroughTheManualApiIsIdentical() {
        MultiAgentTrace captured;
        try (AgentTracer root = AgentTracer.start("supervisor", "supervisor-1")) {
            supervisor.handle("vegan restaurants in Leeds");
            captured = root.trace();
        }
        List<FakeOpenAiServer.Exchange> http = server.exchanges();
        MultiAgentTrace manual;
        try (AgentTracer root = AgentTracer.start("supervisor", "supervisor-1")) {
            root.recordOpenAiChat(http.get(0).requestBody(), http.get(0).responseBody());
            try (AgentTracer researcher = AgentTracer.start("researcher", "researcher-1")) {
                researcher.recordOpenAiChat(http.get(1).requestBody(), http.get(1).responseBody());
                researcher.recordOpenAiChat(http.get(2).requestBody(), http.get(2).responseBody());
            }
            root.recordOpenAiChat(http.get(3).requestBody(), http.get(3).responseBody());
            manual = root.trace();
        }
        assertThat(Json.parse(captured.toJson())).isEqualTo(Json.parse(manual.toJson()));
    }

    @Test
    void streamingResponsesLandInTheAgentActiveAtRequestTimeEvenWhenTheyCompleteElsewhere() throws Exception {
        StreamingChatModel streaming = OpenAiStreamingChatModel.builder()
                .baseUrl(server.baseUrl()).apiKey("test-key").modelName("gpt-test")
                .listeners(List.of(new ComposoChatModelListener()))
                .build();
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        try (AgentTracer agent = AgentTracer.start("streamer", "st")) {
            streaming.chat("hello there", new StreamingChatResponseHandler() {
                @Override
                public void onCompleteResponse(ChatResponse response) {
                    done.complete(response);
                }

                @Override
                public void onError(Throwable error) {
                    done.completeExceptionally(error);
                }
            });
            try (AgentTracer other = AgentTracer.start("other", "o")) { // this thread moves on to other work
                assertThat(done.get(30, TimeUnit.SECONDS).aiMessage().text()).isEqualTo("Echo: hello there");
                assertThat(other.trace().root().interactions()).isEmpty();
            }
            assertThat(agent.trace().root().llmInteractions()).containsExactly(LLMInteraction.builder()
                    .input(LLMInput.text("user", "hello there")).output(LLMOutput.text("Echo: hello there")).build());
        }
    }

    @Test
    void callsOutsideAnyTracerAreNotRecordedAnywhere() {
        assertThat(supervisor.handle("no tracer")).startsWith("Final answer:");
        try (AgentTracer later = AgentTracer.start("later")) {
            assertThat(later.trace().root().interactions()).isEmpty();
        }
    }
}

package ai.composo.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import ai.composo.internal.json.Json;
import ai.composo.model.AgentCall;
import ai.composo.model.LLMInteraction;
import ai.composo.model.MultiAgentTrace;
import ai.composo.tracing.AgentTracer;
import ai.composo.tracing.LlmInteractions;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Spans built with the real OpenTelemetry SDK and the convention attribute names. */
class ComposoSpanProcessorTest {

    /** The call every test describes, as OpenAI bodies: the reference for all conventions. */
    static final String OPENAI_REQUEST = """
            {"messages": [
              {"role": "system", "content": "You find places."},
              {"role": "user", "content": "Vegan food in Leeds?"},
              {"role": "assistant", "content": null, "tool_calls": [
                 {"id": "call_1", "type": "function", "function": {"name": "find_places", "arguments": "{\\"q\\":\\"vegan Leeds\\"}"}}]},
              {"role": "tool", "tool_call_id": "call_1", "content": "3 results"}],
             "tools": [{"type": "function", "function": {"name": "find_places", "description": "Look up places",
                        "parameters": {"type": "object", "properties": {"q": {"type": "string"}}}}}]}""";
    static final String OPENAI_RESPONSE = """
            {"choices": [{"message": {"role": "assistant", "content": "Two are open.", "tool_calls": [
               {"id": "call_2", "type": "function", "function": {"name": "find_places", "arguments": "{\\"q\\":\\"open now\\"}"}}]}}]}""";
    static final LLMInteraction EXPECTED = LlmInteractions.fromOpenAiChat(OPENAI_REQUEST, OPENAI_RESPONSE);

    private final ComposoSpanProcessor processor = new ComposoSpanProcessor();
    private final SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(processor).build();
    private final Tracer otel = provider.get("test");
    private final ExecutorService pool = Executors.newSingleThreadExecutor();

    @AfterEach
    void tearDown() throws InterruptedException {
        assertThat(processor.pendingSpans()).isZero();
        provider.close();
        pool.shutdownNow();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    private static Attributes genAiAttributes() {
        return Attributes.builder()
                .put("gen_ai.operation.name", "chat")
                .put("gen_ai.provider.name", "openai")
                .put("gen_ai.request.model", "gpt-4o")
                .put("gen_ai.system_instructions", "[{\"type\": \"text\", \"content\": \"You find places.\"}]")
                .put("gen_ai.input.messages", """
                        [{"role": "user", "parts": [{"type": "text", "content": "Vegan food in Leeds?"}]},
                         {"role": "assistant", "parts": [{"type": "tool_call", "id": "call_1", "name": "find_places",
                                                          "arguments": {"q": "vegan Leeds"}}]},
                         {"role": "tool", "parts": [{"type": "tool_call_response", "id": "call_1", "response": "3 results"}]}]""")
                .put("gen_ai.output.messages", """
                        [{"role": "assistant", "finish_reason": "tool_call", "parts": [
                           {"type": "text", "content": "Two are open."},
                           {"type": "tool_call", "id": "call_2", "name": "find_places", "arguments": {"q": "open now"}}]}]""")
                .put("gen_ai.tool.definitions", """
                        [{"type": "function", "name": "find_places", "description": "Look up places",
                          "parameters": {"type": "object", "properties": {"q": {"type": "string"}}}}]""")
                .build();
    }

    private Span genAiSpan() {
        return otel.spanBuilder("chat gpt-4o").setAllAttributes(genAiAttributes()).startSpan();
    }

    @Test
    void genAiSpansBecomeInteractionsOfTheAgentActiveWhenTheyStarted() {
        MultiAgentTrace trace;
        try (AgentTracer supervisor = AgentTracer.start("supervisor", "s")) {
            genAiSpan().end();
            try (AgentTracer researcher = AgentTracer.start("researcher", "r")) {
                Span llm = genAiSpan();
                Span tool = otel.spanBuilder("execute_tool find_places").setAttribute("gen_ai.operation.name", "execute_tool").startSpan();
                tool.end();                     // not an LLM call: ignored
                llm.end();
            }
            trace = supervisor.trace();
        }
        assertThat(trace.root().interactions()).containsExactly(EXPECTED, new AgentCall("r"));
        assertThat(trace.agentInstanceById().get("r").interactions()).containsExactly(EXPECTED);
        assertThat(Json.parse(trace.toJson()).at("/agent_instance_by_id/s/interactions/0/tools_available/0/parameters").asText())
                .isEqualTo("{\"type\":\"object\",\"properties\":{\"q\":{\"type\":\"string\"}}}");
    }

    @Test
    void olderIndexedGenAiAttributesAreUnderstood() {
        try (AgentTracer agent = AgentTracer.start("agent", "a")) {
            otel.spanBuilder("openai.chat")
                    .setAttribute("gen_ai.system", "openai")
                    .setAttribute("gen_ai.prompt.0.role", "system")
                    .setAttribute("gen_ai.prompt.0.content", "You find places.")
                    .setAttribute("gen_ai.prompt.1.role", "user")
                    .setAttribute("gen_ai.prompt.1.content", "Vegan food in Leeds?")
                    .setAttribute("gen_ai.prompt.2.role", "assistant")
                    .setAttribute("gen_ai.prompt.2.tool_calls.0.id", "call_1")
                    .setAttribute("gen_ai.prompt.2.tool_calls.0.name", "find_places")
                    .setAttribute("gen_ai.prompt.2.tool_calls.0.arguments", "{\"q\":\"vegan Leeds\"}")
                    .setAttribute("gen_ai.prompt.3.role", "tool")
                    .setAttribute("gen_ai.prompt.3.tool_call_id", "call_1")
                    .setAttribute("gen_ai.prompt.3.content", "3 results")
                    .setAttribute("gen_ai.completion.0.role", "assistant")
                    .setAttribute("gen_ai.completion.0.content", "Two are open.")
                    .setAttribute("gen_ai.completion.0.finish_reason", "tool_calls")
                    .setAttribute("gen_ai.completion.0.tool_calls.0.id", "call_2")
                    .setAttribute("gen_ai.completion.0.tool_calls.0.name", "find_places")
                    .setAttribute("gen_ai.completion.0.tool_calls.0.arguments", "{\"q\":\"open now\"}")
                    .setAttribute("llm.request.functions.0.name", "find_places")
                    .setAttribute("llm.request.functions.0.description", "Look up places")
                    .setAttribute("llm.request.functions.0.parameters", "{\"type\":\"object\",\"properties\":{\"q\":{\"type\":\"string\"}}}")
                    .startSpan().end();
            assertThat(agent.trace().root().interactions()).containsExactly(EXPECTED);
        }
    }

    @Test
    void openInferenceLlmSpansAreUnderstoodAndOtherKindsIgnored() {
        try (AgentTracer agent = AgentTracer.start("agent", "a")) {
            Span chain = otel.spanBuilder("agent run").setAttribute("openinference.span.kind", "CHAIN").startSpan();
            try (Scope ignored = chain.makeCurrent()) {
                otel.spanBuilder("ChatCompletion")
                        .setAttribute("openinference.span.kind", "LLM")
                        .setAttribute("llm.system", "openai")
                        .setAttribute("llm.input_messages.0.message.role", "system")
                        .setAttribute("llm.input_messages.0.message.content", "You find places.")
                        .setAttribute("llm.input_messages.1.message.role", "user")
                        .setAttribute("llm.input_messages.1.message.contents.0.message_content.type", "text")
                        .setAttribute("llm.input_messages.1.message.contents.0.message_content.text", "Vegan food in Leeds?")
                        .setAttribute("llm.input_messages.2.message.role", "assistant")
                        .setAttribute("llm.input_messages.2.message.tool_calls.0.tool_call.id", "call_1")
                        .setAttribute("llm.input_messages.2.message.tool_calls.0.tool_call.function.name", "find_places")
                        .setAttribute("llm.input_messages.2.message.tool_calls.0.tool_call.function.arguments", "{\"q\":\"vegan Leeds\"}")
                        .setAttribute("llm.input_messages.3.message.role", "tool")
                        .setAttribute("llm.input_messages.3.message.tool_call_id", "call_1")
                        .setAttribute("llm.input_messages.3.message.content", "3 results")
                        .setAttribute("llm.output_messages.0.message.role", "assistant")
                        .setAttribute("llm.output_messages.0.message.content", "Two are open.")
                        .setAttribute("llm.output_messages.0.message.tool_calls.0.tool_call.id", "call_2")
                        .setAttribute("llm.output_messages.0.message.tool_calls.0.tool_call.function.name", "find_places")
                        .setAttribute("llm.output_messages.0.message.tool_calls.0.tool_call.function.arguments", "{\"q\":\"open now\"}")
                        .setAttribute("llm.tools.0.tool.json_schema", "{\"type\": \"function\", \"function\": {\"name\": \"find_places\", "
                                + "\"description\": \"Look up places\", \"parameters\": {\"type\": \"object\", \"properties\": {\"q\": {\"type\": \"string\"}}}}}")
                        .startSpan().end();
            }
            chain.end();
            assertThat(agent.trace().root().interactions()).containsExactly(EXPECTED);
        }
    }

    @Test
    void spansFollowTheirStartingAgentAcrossThreads() throws Exception {
        try (AgentTracer supervisor = AgentTracer.start("supervisor", "s")) {
            Span parent = otel.spanBuilder("invoke_agent supervisor").setAttribute("gen_ai.operation.name", "invoke_agent").startSpan();
            Context withParent = Context.current().with(parent);
            // started on a pool thread where no tracer is active: attributed through its parent span
            pool.submit(() -> otel.spanBuilder("chat").setParent(withParent).setAllAttributes(genAiAttributes()).startSpan().end())
                    .get(10, TimeUnit.SECONDS);
            // started here, ended on another thread while a different agent is active there
            Span started = genAiSpan();
            pool.submit(() -> {
                try (AgentTracer other = AgentTracer.startRoot("other", "o")) {
                    started.end();
                    assertThat(other.trace().root().interactions()).isEmpty();
                }
            }).get(10, TimeUnit.SECONDS);
            parent.end();
            assertThat(supervisor.trace().root().interactions()).containsExactly(EXPECTED, EXPECTED);
        }
    }

    @Test
    void spansWithoutCapturedContentOrWithoutAnAgentAreNotRecorded() {
        genAiSpan().end(); // no agent active: nothing to do
        try (AgentTracer agent = AgentTracer.start("agent", "a")) {
            otel.spanBuilder("chat gpt-4o").setAttribute("gen_ai.operation.name", "chat")
                    .setAttribute("gen_ai.request.model", "gpt-4o").startSpan().end();
            otel.spanBuilder("embeddings").setAttribute("gen_ai.operation.name", "embeddings").startSpan().end();
            assertThat(agent.trace().root().interactions()).isEmpty();
        }
    }
}

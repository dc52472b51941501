package ai.composo.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import ai.composo.model.LLMInput;
import ai.composo.model.LLMInteraction;
import ai.composo.model.LLMOutput;
import ai.composo.model.LLMToolCall;
import ai.composo.model.LLMToolDefinition;
import ai.composo.model.LLMToolResponse;
import ai.composo.model.TextContent;
import ai.composo.tracing.AgentTracer;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.listener.ChatModelErrorContext;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import org.junit.jupiter.api.Test;

class LangChain4jInteractionsTest {

    @Test
    void everyToolCallTextThinkingAndNonTextPartIsKept() {
        ToolExecutionRequest leeds = ToolExecutionRequest.builder().id("c1").name("weather").arguments("{\"city\":\"Leeds\"}").build();
        ToolExecutionRequest york = ToolExecutionRequest.builder().name("weather").arguments("").build(); // no id (e.g. Gemini)
        ChatRequest request = ChatRequest.builder()
                .messages(SystemMessage.from("Be brief."),
                        UserMessage.from(dev.langchain4j.data.message.TextContent.from("Weather?"),
                                ImageContent.from("https://example.org/map.png")),
                        AiMessage.builder().text("Checking both.").thinking("two cities").toolExecutionRequests(java.util.List.of(leeds, york)).build(),
                        ToolExecutionResultMessage.from(leeds, "rain"),
                        ToolExecutionResultMessage.from(york, "sun"))
                .toolSpecifications(ToolSpecification.builder().name("weather").description("Forecast")
                        .parameters(JsonObjectSchema.builder().addStringProperty("city").required("city").build()).build(),
                        ToolSpecification.builder().name("now").build())
                .build();
        ChatResponse response = ChatResponse.builder()
                .aiMessage(AiMessage.builder().text("Leeds rain, York sun.")
                        .toolExecutionRequests(java.util.List.of(ToolExecutionRequest.builder().id("c3").name("alerts").arguments("{}").build()))
                        .build())
                .build();

        LLMInteraction i = LangChain4jInteractions.toInteraction(request, response);

        assertThat(i.inputMessages()).containsExactly(
                LLMInput.text("system", "Be brief."),
                LLMInput.text("user", "Weather?"),
                LLMInput.text("user", "[image]"),
                new LLMInput("assistant", "thinking_tokens", new TextContent("two cities")),
                LLMInput.text("assistant", "Checking both."),
                new LLMInput("assistant", "tool_call", new LLMToolCall("c1", "weather", "{\"city\":\"Leeds\"}")),
                new LLMInput("assistant", "tool_call", new LLMToolCall("weather", "weather", "{}")),
                LLMInput.toolResponse(new LLMToolResponse("c1", "rain", "weather")),
                LLMInput.toolResponse(new LLMToolResponse("weather", "sun", "weather")));
        assertThat(i.outputMessages()).containsExactly(LLMOutput.text("Leeds rain, York sun."),
                LLMOutput.toolCall(new LLMToolCall("c3", "alerts", "{}")));
        assertThat(i.toolsAvailable()).containsExactly(
                new LLMToolDefinition("weather", "Forecast",
                        "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}"),
                new LLMToolDefinition("now", "", "{}"));
    }

    @Test
    void listenerCarriesTheTracerFromRequestToResponseAndToleratesAClosedAgent() {
        ComposoChatModelListener listener = new ComposoChatModelListener();
        ChatRequest request = ChatRequest.builder().messages(UserMessage.from("hi")).build();
        ChatResponse response = ChatResponse.builder().aiMessage(AiMessage.from("hello")).build();

        java.util.Map<Object, Object> attributes = new java.util.concurrent.ConcurrentHashMap<>();
        AgentTracer agent = AgentTracer.start("agent", "a");
        listener.onRequest(new ChatModelRequestContext(request, ModelProvider.OTHER, attributes));
        agent.close();   // e.g. the caller stopped waiting for a stream
        listener.onResponse(new ChatModelResponseContext(response, request, ModelProvider.OTHER, attributes));
        assertThat(agent.trace().root().interactions()).isEmpty();   // logged, not thrown into the model
        assertThat(attributes).isEmpty();

        try (AgentTracer other = AgentTracer.start("other", "o")) {
            attributes.clear();
            listener.onRequest(new ChatModelRequestContext(request, ModelProvider.OTHER, attributes));
            listener.onError(new ChatModelErrorContext(new RuntimeException("boom"), request, ModelProvider.OTHER, attributes));
            listener.onRequest(new ChatModelRequestContext(request, ModelProvider.OTHER, attributes));
            listener.onResponse(new ChatModelResponseContext(response, request, ModelProvider.OTHER, attributes));
            assertThat(other.trace().root().llmInteractions()).containsExactly(LLMInteraction.builder()
                    .input(LLMInput.text("user", "hi")).output(LLMOutput.text("hello")).build());
        }
    }
}

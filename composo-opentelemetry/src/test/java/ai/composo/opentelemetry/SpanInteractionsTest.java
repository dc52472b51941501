package ai.composo.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.composo.model.LLMInput;
import ai.composo.model.LLMInteraction;
import ai.composo.model.LLMOutput;
import ai.composo.model.LLMToolDefinition;
import ai.composo.model.LLMToolResponse;
import ai.composo.model.TextContent;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpanInteractionsTest {

    @Test
    void openInferenceAnthropicToolSchemasAndUncorrelatedToolResultsAreRead() {
        LLMInteraction i = SpanInteractions.fromAttributes(Attributes.builder()
                .put("openinference.span.kind", "LLM")
                .put("llm.input_messages.0.message.role", "user")
                .put("llm.input_messages.0.message.content", "Weather?")
                .put("llm.input_messages.1.message.role", "tool")
                .put("llm.input_messages.1.message.content", "rain")
                .put("llm.output_messages.0.message.role", "assistant")
                .put("llm.output_messages.0.message.contents.0.message_content.type", "reasoning")
                .put("llm.output_messages.0.message.contents.0.message_content.text", "It rains.")
                .put("llm.tools.0.tool.json_schema", "{\"name\": \"weather\", \"description\": \"Forecast\", \"input_schema\": {\"type\": \"object\"}}")
                .build()).orElseThrow();
        assertThat(i.inputMessages()).containsExactly(LLMInput.text("user", "Weather?"),
                LLMInput.toolResponse(new LLMToolResponse("", "rain", null)));
        assertThat(i.outputMessages()).containsExactly(LLMOutput.text("It rains."));
        assertThat(i.toolsAvailable()).containsExactly(new LLMToolDefinition("weather", "Forecast", "{\"type\":\"object\"}"));
    }

    @Test
    void genAiMessagesMayBeAStringArrayAndReasoningIsLabelled() {
        LLMInteraction i = SpanInteractions.fromAttributes(Attributes.builder()
                .put("gen_ai.operation.name", "chat")
                .put(AttributeKey.stringArrayKey("gen_ai.input.messages"),
                        List.of("{\"role\": \"user\", \"parts\": [{\"type\": \"text\", \"content\": \"hi\"}, {\"type\": \"blob\", \"modality\": \"image\"}]}"))
                .put("gen_ai.output.messages", "[{\"role\": \"assistant\", \"parts\": [{\"type\": \"reasoning\", \"content\": \"greet\"},"
                        + " {\"type\": \"text\", \"content\": \"hello\"}]}]")
                .build()).orElseThrow();
        assertThat(i.inputMessages()).containsExactly(LLMInput.text("user", "hi"), LLMInput.text("user", "[blob]"));
        assertThat(i.outputMessages()).containsExactly(new LLMOutput("thinking_tokens", new TextContent("greet")), LLMOutput.text("hello"));
        assertThat(i.toolsAvailable()).isNull();
    }

    @Test
    void nonLlmSpansAreSkippedAndMalformedOnesNamed() {
        assertThat(SpanInteractions.fromAttributes(Attributes.builder().put("http.method", "GET").build())).isEmpty();
        assertThat(SpanInteractions.fromAttributes(Attributes.builder().put("openinference.span.kind", "TOOL")
                .put("llm.input_messages.0.message.role", "user").build())).isEmpty();
        assertThatThrownBy(() -> SpanInteractions.fromAttributes(Attributes.builder().put("gen_ai.operation.name", "chat")
                .put("gen_ai.input.messages", "{not json").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("gen_ai.input.messages: Malformed JSON");
        assertThatThrownBy(() -> SpanInteractions.fromAttributes(Attributes.builder().put("gen_ai.operation.name", "chat")
                .put("gen_ai.input.messages", "[{\"role\": \"user\"}]").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("gen_ai.input.messages[0].parts must be a JSON array");
        assertThatThrownBy(() -> SpanInteractions.fromAttributes(Attributes.builder().put("gen_ai.operation.name", "chat").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no messages");
    }
}

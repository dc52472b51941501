package ai.composo.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/** One output of an LLM interaction: text or a tool call (no role; outputs are the assistant's). */
public record LLMOutput(
        @JsonProperty("type") String type,
        @JsonProperty("content") Content content) {

    public LLMOutput {
        Objects.requireNonNull(content, "LLMOutput.content is required");
        if (content instanceof LLMToolResponse) {
            throw new IllegalArgumentException("LLMOutput.content cannot be a tool response");
        }
    }

    public static LLMOutput text(String text) {
        return new LLMOutput("text", new TextContent(text));
    }

    public static LLMOutput toolCall(LLMToolCall call) {
        return new LLMOutput("tool_call", call);
    }
}

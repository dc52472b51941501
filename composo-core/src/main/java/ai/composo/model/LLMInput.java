package ai.composo.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/** One input message of an LLM interaction. {@code type} is a free label such as {@code text} or {@code tool_call}. */
public record LLMInput(
        @JsonProperty("role") String role,
        @JsonProperty("type") String type,
        @JsonProperty("content") Content content) {

    public LLMInput {
        Objects.requireNonNull(role, "LLMInput.role is required");
        Objects.requireNonNull(content, "LLMInput.content is required");
    }

    public static LLMInput text(String role, String text) {
        return new LLMInput(role, "text", new TextContent(text));
    }

    public static LLMInput toolCall(LLMToolCall call) {
        return new LLMInput(Message.ASSISTANT, "tool_call", call);
    }

    public static LLMInput toolResponse(LLMToolResponse response) {
        return new LLMInput(Message.TOOL, "tool_response", response);
    }
}

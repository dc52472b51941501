package ai.composo.langchain4j;

import ai.composo.internal.json.Json;
import ai.composo.model.LLMInput;
import ai.composo.model.LLMInteraction;
import ai.composo.model.LLMOutput;
import ai.composo.model.LLMToolCall;
import ai.composo.model.LLMToolDefinition;
import ai.composo.model.LLMToolResponse;
import ai.composo.model.Message;
import ai.composo.model.TextContent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.CustomMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Converts a LangChain4j chat request/response pair into the wire {@link LLMInteraction}: system, user
 * and AI messages become inputs; tool execution requests become {@code tool_call} inputs and outputs;
 * {@link ToolExecutionResultMessage}s become tool responses; tool specifications become tool definitions
 * whose parameters are the JSON Schema text. The mapping matches {@code LlmInteractions.fromOpenAiChat}, so
 * a call captured here and the same call's OpenAI request/response bodies give the same interaction.
 */
public final class LangChain4jInteractions {
    private static final String THINKING = "thinking_tokens";

    private LangChain4jInteractions() {}

    public static LLMInteraction toInteraction(ChatRequest request, ChatResponse response) {
        LLMInteraction.Builder b = LLMInteraction.builder();
        for (ChatMessage message : request.messages()) {
            b.inputs(inputs(message));
        }
        AiMessage ai = response.aiMessage();
        if (ai.thinking() != null && !ai.thinking().isEmpty()) {
            b.output(new LLMOutput(THINKING, new TextContent(ai.thinking())));
        }
        List<ToolExecutionRequest> calls = ai.hasToolExecutionRequests() ? ai.toolExecutionRequests() : List.of();
        if (ai.text() != null || calls.isEmpty()) {
            b.output(LLMOutput.text(ai.text() == null ? "" : ai.text()));
        }
        calls.forEach(call -> b.output(LLMOutput.toolCall(toolCall(call))));
        List<ToolSpecification> specs = request.toolSpecifications();
        if (specs != null && !specs.isEmpty()) {
            specs.forEach(spec -> b.tool(toolDefinition(spec)));
        }
        return b.build();
    }

    static List<LLMInput> inputs(ChatMessage message) {
        List<LLMInput> inputs = new ArrayList<>();
        if (message instanceof SystemMessage system) {
            inputs.add(LLMInput.text(Message.SYSTEM, system.text()));
        } else if (message instanceof UserMessage user) {
            for (Content content : user.contents()) {
                inputs.add(LLMInput.text(Message.USER, content instanceof dev.langchain4j.data.message.TextContent text
                        ? text.text() : "[" + content.type().name().toLowerCase(Locale.ROOT) + "]"));
            }
        } else if (message instanceof AiMessage ai) {
            if (ai.thinking() != null && !ai.thinking().isEmpty()) {
                inputs.add(new LLMInput(Message.ASSISTANT, THINKING, new TextContent(ai.thinking())));
            }
            List<ToolExecutionRequest> calls = ai.hasToolExecutionRequests() ? ai.toolExecutionRequests() : List.of();
            if (ai.text() != null || calls.isEmpty()) {
                inputs.add(LLMInput.text(Message.ASSISTANT, ai.text() == null ? "" : ai.text()));
            }
            calls.forEach(call -> inputs.add(new LLMInput(Message.ASSISTANT, "tool_call", toolCall(call))));
        } else if (message instanceof ToolExecutionResultMessage result) {
            String id = result.id() != null ? result.id() : result.toolName(); // some providers have no call ids
            inputs.add(LLMInput.toolResponse(new LLMToolResponse(id, result.text() == null ? "" : result.text(),
                    result.toolName())));
        } else if (message instanceof CustomMessage custom) {
            inputs.add(LLMInput.text("custom", Json.write(custom.attributes())));
        } else {
            inputs.add(LLMInput.text(message.type().name().toLowerCase(Locale.ROOT), String.valueOf(message)));
        }
        return inputs;
    }

    static LLMToolCall toolCall(ToolExecutionRequest call) {
        String id = call.id() != null ? call.id() : call.name();
        String arguments = call.arguments() == null || call.arguments().isBlank() ? "{}" : call.arguments();
        return new LLMToolCall(id, call.name(), arguments);
    }

    static LLMToolDefinition toolDefinition(ToolSpecification spec) {
        JsonNode parameters = Json.parse(spec.toJson()).get("parameters");
        return new LLMToolDefinition(spec.name(), spec.description(),
                parameters == null || parameters.isNull() ? null : Json.write(parameters));
    }
}

package ai.composo.tracing;

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
import com.fasterxml.jackson.databind.node.BooleanNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts provider request/response bodies into the wire {@link LLMInteraction}. Unlike the Python SDK,
 * every tool call of a message is kept, Anthropic's top-level {@code system} prompt becomes a
 * {@code system} input, and no content block is dropped (non-text parts become placeholders such as
 * {@code [image_url]}).
 *
 * <p>Labels used for {@code type}: {@code text}, {@code tool_call}, {@code tool_response},
 * {@code thinking_tokens}.
 */
public final class LlmInteractions {
    static final String THINKING = "thinking_tokens";

    private LlmInteractions() {}

    // ---------------------------------------------------------------------------------------------
    // OpenAI chat completions

    /** See {@link #fromOpenAiChat(JsonNode, JsonNode)}. */
    public static LLMInteraction fromOpenAiChat(String requestJson, String responseJson) {
        return fromOpenAiChat(parse(requestJson, "OpenAI request"), parse(responseJson, "OpenAI response"));
    }

    /**
     * An OpenAI chat-completions call: {@code request.messages} and {@code request.tools} (or legacy
     * {@code functions}) become inputs and tools; the message of every {@code response.choices[]} becomes
     * outputs (text, then each tool call).
     */
    public static LLMInteraction fromOpenAiChat(JsonNode request, JsonNode response) {
        LLMInteraction.Builder b = LLMInteraction.builder();
        b.inputs(openAiInputs(request));
        b.outputs(openAiOutputs(response));
        b.tools(openAiTools(request));
        return b.build();
    }

    /** The inputs of an OpenAI-format request ({@code {"messages": [...]}}). */
    public static List<LLMInput> openAiInputs(JsonNode request) {
        JsonNode messages = requireArray(object(request, "OpenAI request").get("messages"), "OpenAI request.messages");
        List<LLMInput> inputs = new ArrayList<>();
        Map<String, String> toolNames = new HashMap<>();
        for (int i = 0; i < messages.size(); i++) {
            String where = "OpenAI request.messages[" + i + "]";
            JsonNode msg = object(messages.get(i), where);
            String role = requiredText(msg, "role", where);
            JsonNode content = msg.get("content");
            if (Message.TOOL.equals(role)) {
                String callId = requiredText(msg, "tool_call_id", where);
                String name = optionalText(msg, "name", where);
                inputs.add(LLMInput.toolResponse(new LLMToolResponse(callId, joinedText(content),
                        name != null ? name : toolNames.get(callId))));
                continue;
            }
            if ("function".equals(role)) { // legacy function result: no call id, the function name stands in
                String name = requiredText(msg, "name", where);
                inputs.add(LLMInput.toolResponse(new LLMToolResponse(name, joinedText(content), name)));
                continue;
            }
            List<LLMToolCall> calls = openAiToolCalls(msg, where);
            List<String> texts = openAiContentParts(content, where + ".content");
            if (texts.isEmpty() && calls.isEmpty()) {
                texts = List.of("");
            }
            texts.forEach(t -> inputs.add(LLMInput.text(role, t)));
            for (LLMToolCall call : calls) {
                toolNames.put(call.id(), call.name());
                inputs.add(new LLMInput(role, "tool_call", call));
            }
        }
        return inputs;
    }

    /** The outputs of an OpenAI-format response ({@code {"choices": [{"message": {...}}]}}). */
    public static List<LLMOutput> openAiOutputs(JsonNode response) {
        JsonNode choices = requireArray(object(response, "OpenAI response").get("choices"), "OpenAI response.choices");
        List<LLMOutput> outputs = new ArrayList<>();
        for (int i = 0; i < choices.size(); i++) {
            String where = "OpenAI response.choices[" + i + "].message";
            JsonNode msg = object(object(choices.get(i), "OpenAI response.choices[" + i + "]").get("message"), where);
            List<LLMToolCall> calls = openAiToolCalls(msg, where);
            List<String> texts = openAiContentParts(msg.get("content"), where + ".content");
            String refusal = optionalText(msg, "refusal", where);
            if (refusal != null) {
                texts = new ArrayList<>(texts);
                texts.add(refusal);
            }
            if (texts.isEmpty() && calls.isEmpty()) {
                texts = List.of("");
            }
            texts.forEach(t -> outputs.add(LLMOutput.text(t)));
            calls.forEach(c -> outputs.add(LLMOutput.toolCall(c)));
        }
        return outputs;
    }

    /** The tools of an OpenAI-format request, or null when it offers none. */
    public static List<LLMToolDefinition> openAiTools(JsonNode request) {
        JsonNode req = object(request, "OpenAI request");
        List<LLMToolDefinition> tools = new ArrayList<>();
        JsonNode list = req.get("tools");
        if (list != null && !list.isNull()) {
            requireArray(list, "OpenAI request.tools");
            for (int i = 0; i < list.size(); i++) {
                String where = "OpenAI request.tools[" + i + "]";
                JsonNode tool = object(list.get(i), where);
                JsonNode fn = tool.get("function");
                tools.add(toolDefinition(fn != null && fn.isObject() ? fn : tool, "parameters",
                        fn != null && fn.isObject() ? where + ".function" : where));
            }
        }
        JsonNode functions = req.get("functions");
        if (functions != null && !functions.isNull()) {
            requireArray(functions, "OpenAI request.functions");
            for (int i = 0; i < functions.size(); i++) {
                String where = "OpenAI request.functions[" + i + "]";
                tools.add(toolDefinition(object(functions.get(i), where), "parameters", where));
            }
        }
        return tools.isEmpty() ? null : tools;
    }

    private static List<LLMToolCall> openAiToolCalls(JsonNode msg, String where) {
        List<LLMToolCall> calls = new ArrayList<>();
        JsonNode toolCalls = msg.get("tool_calls");
        if (toolCalls != null && !toolCalls.isNull()) {
            requireArray(toolCalls, where + ".tool_calls");
            for (int j = 0; j < toolCalls.size(); j++) {
                String w = where + ".tool_calls[" + j + "]";
                JsonNode call = object(toolCalls.get(j), w);
                JsonNode fn = object(call.get("function"), w + ".function");
                calls.add(new LLMToolCall(requiredText(call, "id", w), requiredText(fn, "name", w + ".function"),
                        jsonText(fn.get("arguments"))));
            }
        }
        JsonNode legacy = msg.get("function_call");
        if (legacy != null && !legacy.isNull()) {
            String w = where + ".function_call";
            String name = requiredText(object(legacy, w), "name", w);
            calls.add(new LLMToolCall(name, name, jsonText(legacy.get("arguments"))));
        }
        return calls;
    }

    /** Text of a string content, or one entry per part of an array content (non-text parts as placeholders). */
    private static List<String> openAiContentParts(JsonNode content, String where) {
        if (content == null || content.isNull()) {
            return List.of();
        }
        if (content.isTextual()) {
            return List.of(content.asText());
        }
        requireArray(content, where);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < content.size(); i++) {
            JsonNode part = content.get(i);
            if (part.isTextual()) {
                texts.add(part.asText());
                continue;
            }
            String w = where + "[" + i + "]";
            String type = requiredText(object(part, w), "type", w);
            switch (type) {
                case "text" -> texts.add(requiredText(part, "text", w));
                case "refusal" -> texts.add(requiredText(part, "refusal", w));
                default -> texts.add("[" + type + "]");
            }
        }
        return texts;
    }

    // ---------------------------------------------------------------------------------------------
    // Anthropic messages

    /** See {@link #fromAnthropicMessages(JsonNode, JsonNode)}. */
    public static LLMInteraction fromAnthropicMessages(String requestJson, String responseJson) {
        return fromAnthropicMessages(parse(requestJson, "Anthropic request"), parse(responseJson, "Anthropic response"));
    }

    /**
     * An Anthropic Messages API call: {@code request.system} becomes a {@code system} input, each content
     * block of {@code request.messages} an input ({@code tool_use} → tool call, {@code tool_result} → tool
     * response), {@code request.tools} the tools ({@code input_schema} as parameters), and each block of
     * {@code response.content} an output.
     */
    public static LLMInteraction fromAnthropicMessages(JsonNode request, JsonNode response) {
        JsonNode req = object(request, "Anthropic request");
        LLMInteraction.Builder b = LLMInteraction.builder();
        Map<String, String> toolNames = new HashMap<>();

        JsonNode system = req.get("system");
        if (system != null && !system.isNull()) {
            if (system.isTextual()) {
                b.input(LLMInput.text(Message.SYSTEM, system.asText()));
            } else {
                requireArray(system, "Anthropic request.system");
                for (int i = 0; i < system.size(); i++) {
                    b.input(LLMInput.text(Message.SYSTEM, blockText(system.get(i), "Anthropic request.system[" + i + "]")));
                }
            }
        }

        JsonNode messages = requireArray(req.get("messages"), "Anthropic request.messages");
        for (int i = 0; i < messages.size(); i++) {
            String where = "Anthropic request.messages[" + i + "]";
            JsonNode msg = object(messages.get(i), where);
            String role = requiredText(msg, "role", where);
            JsonNode content = msg.get("content");
            if (content != null && content.isTextual()) {
                b.input(LLMInput.text(role, content.asText()));
                continue;
            }
            requireArray(content, where + ".content");
            for (int j = 0; j < content.size(); j++) {
                String w = where + ".content[" + j + "]";
                JsonNode block = object(content.get(j), w);
                String type = requiredText(block, "type", w);
                switch (type) {
                    case "tool_use" -> {
                        LLMToolCall call = anthropicToolCall(block, w);
                        toolNames.put(call.id(), call.name());
                        b.input(new LLMInput(role, "tool_call", call));
                    }
                    case "tool_result" -> {
                        String callId = requiredText(block, "tool_use_id", w);
                        Map<String, JsonNode> extra = block.path("is_error").asBoolean(false)
                                ? Map.of("is_error", BooleanNode.TRUE) : Map.of();
                        b.input(LLMInput.toolResponse(new LLMToolResponse(callId,
                                anthropicResultText(block.get("content"), w + ".content"), toolNames.get(callId), extra)));
                    }
                    case "thinking" -> b.input(new LLMInput(role, THINKING, new TextContent(requiredText(block, "thinking", w))));
                    default -> b.input(LLMInput.text(role, blockText(block, w)));
                }
            }
        }

        JsonNode resp = object(response, "Anthropic response");
        JsonNode out = requireArray(resp.get("content"), "Anthropic response.content");
        for (int i = 0; i < out.size(); i++) {
            String w = "Anthropic response.content[" + i + "]";
            JsonNode block = object(out.get(i), w);
            String type = requiredText(block, "type", w);
            switch (type) {
                case "tool_use" -> b.output(LLMOutput.toolCall(anthropicToolCall(block, w)));
                case "thinking" -> b.output(new LLMOutput(THINKING, new TextContent(requiredText(block, "thinking", w))));
                default -> b.output(LLMOutput.text(blockText(block, w)));
            }
        }

        JsonNode tools = req.get("tools");
        if (tools != null && !tools.isNull()) {
            requireArray(tools, "Anthropic request.tools");
            for (int i = 0; i < tools.size(); i++) {
                String w = "Anthropic request.tools[" + i + "]";
                b.tool(toolDefinition(object(tools.get(i), w), "input_schema", w));
            }
        }
        return b.build();
    }

    private static LLMToolCall anthropicToolCall(JsonNode block, String where) {
        return new LLMToolCall(requiredText(block, "id", where), requiredText(block, "name", where),
                jsonText(block.get("input")));
    }

    /** A text block's text; other blocks as a placeholder naming their type. */
    private static String blockText(JsonNode block, String where) {
        if (block.isTextual()) {
            return block.asText();
        }
        String type = requiredText(object(block, where), "type", where);
        return "text".equals(type) ? requiredText(block, "text", where) : "[" + type + "]";
    }

    private static String anthropicResultText(JsonNode content, String where) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        requireArray(content, where);
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < content.size(); i++) {
            parts.add(blockText(content.get(i), where + "[" + i + "]"));
        }
        return String.join("\n", parts);
    }

    // ---------------------------------------------------------------------------------------------
    // Shared helpers

    private static LLMToolDefinition toolDefinition(JsonNode fn, String schemaField, String where) {
        JsonNode schema = fn.get(schemaField);
        return new LLMToolDefinition(requiredText(fn, "name", where), optionalText(fn, "description", where),
                schema == null || schema.isNull() ? null : jsonText(schema));
    }

    /** Text content of an OpenAI tool message: a string, or its text parts joined. */
    private static String joinedText(JsonNode content) {
        return String.join("\n", openAiContentParts(content, "content"));
    }

    /** JSON text of a value that may already be JSON text (OpenAI arguments) or a JSON value (Anthropic input). */
    static String jsonText(JsonNode value) {
        if (value == null || value.isNull()) {
            return "{}";
        }
        return value.isTextual() ? value.asText() : Json.write(value);
    }

    private static JsonNode parse(String json, String what) {
        if (json == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        try {
            return Json.parse(json);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode object(JsonNode node, String where) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(where + " must be a JSON object");
        }
        return node;
    }

    private static JsonNode requireArray(JsonNode node, String where) {
        if (node == null || !node.isArray()) {
            throw new IllegalArgumentException(where + " must be a JSON array");
        }
        return node;
    }

    private static String requiredText(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException(where + "." + field + (v == null || v.isNull() ? " is required" : " must be a string"));
        }
        return v.asText();
    }

    private static String optionalText(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException(where + "." + field + " must be a string");
        }
        return v.asText();
    }
}

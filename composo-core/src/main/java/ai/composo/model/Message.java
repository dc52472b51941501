package ai.composo.model;

import ai.composo.internal.json.Json;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One chat message in OpenAI or Anthropic format. The wire format is a free-form JSON object, so a
 * message wraps a private copy of that object; factories cover the common shapes and {@link #of(Map)}
 * / {@link #fromJson(String)} accept any raw OpenAI- or Anthropic-format message.
 */
public final class Message extends JsonObjectValue {
    public static final String SYSTEM = "system";
    public static final String USER = "user";
    public static final String ASSISTANT = "assistant";
    public static final String TOOL = "tool";

    private Message(ObjectNode json) {
        super(json);
    }

    public static Message user(String content) {
        return text(USER, content);
    }

    public static Message assistant(String content) {
        return text(ASSISTANT, content);
    }

    public static Message system(String content) {
        return text(SYSTEM, content);
    }

    /** A tool result in OpenAI format, answering the tool call with id {@code toolCallId}. */
    public static Message tool(String toolCallId, String content) {
        ObjectNode node = text(TOOL, content).json;
        node.put("tool_call_id", requireNonBlank(toolCallId, "toolCallId"));
        return new Message(node);
    }

    /** An assistant message in OpenAI format that calls tools, with optional text content (may be null). */
    public static Message assistantToolCalls(String content, List<ToolCall> toolCalls) {
        if (toolCalls == null || toolCalls.isEmpty()) {
            throw new IllegalArgumentException("toolCalls must contain at least one tool call");
        }
        ObjectNode node = Json.object();
        node.put("role", ASSISTANT);
        if (content == null) {
            node.putNull("content");
        } else {
            node.put("content", content);
        }
        ArrayNode calls = node.putArray("tool_calls");
        for (ToolCall call : toolCalls) {
            calls.add(Objects.requireNonNull(call, "tool call").toOpenAiJson());
        }
        return new Message(node);
    }

    public static Message assistantToolCalls(ToolCall... toolCalls) {
        return assistantToolCalls(null, List.of(toolCalls));
    }

    /** Any message as a map (OpenAI or Anthropic format). It must have a string {@code role}. */
    public static Message of(Map<String, ?> raw) {
        Objects.requireNonNull(raw, "message");
        return of(Json.tree(raw));
    }

    /** Any message as JSON text (OpenAI or Anthropic format). */
    public static Message fromJson(String json) {
        return of(Json.parse(Objects.requireNonNull(json, "message json")));
    }

    @JsonCreator
    public static Message of(JsonNode raw) {
        if (raw == null || !raw.isObject()) {
            throw new IllegalArgumentException("A message must be a JSON object, got: " + (raw == null ? "null" : raw.getNodeType()));
        }
        JsonNode role = raw.get("role");
        if (role == null || !role.isTextual() || role.asText().isBlank()) {
            throw new IllegalArgumentException("A message needs a string 'role' (system, user, assistant or tool)");
        }
        return new Message(((ObjectNode) raw).deepCopy());
    }

    public String role() {
        return json.get("role").asText();
    }

    /**
     * The message's text as every judge reads it ({@link #textOf}): the content string, or the parts of a content
     * list joined with newlines. Empty when there is none.
     */
    public String text() {
        return textOf(json.get("content"));
    }

    /**
     * The one rule for the text of a message's content, shared by the SDK and the judges: a string as it is; a
     * list part by part ({@link #partText}) joined with newlines, tool calls and tool results left out (they are not
     * text: judges read them as calls and tool turns); null as empty.
     */
    public static String textOf(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (content.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode part : content) {
                if (isToolPart(part)) {
                    continue; // a call or a result, not text: judges read them as calls and tool turns
                }
                if (sb.length() > 0) {
                    sb.append('\n');
                }
                sb.append(partText(part));
            }
            return sb.toString();
        }
        return content.toString();
    }

    /**
     * One content part: a string, or the {@code text} of a text part (OpenAI {@code {"type":"text"}}, Anthropic text
     * blocks), the {@code refusal} of a refusal part; any other part (an image, a file, audio) is a placeholder naming
     * its type, {@code [image_url]}, so the judge knows something was there; an untyped object is its JSON.
     */
    /** Anthropic {@code tool_use} and {@code tool_result} blocks. */
    public static boolean isToolPart(JsonNode part) {
        String type = part.path("type").asText("");
        return type.equals("tool_use") || type.equals("tool_result");
    }

    public static String partText(JsonNode part) {
        if (part.isTextual()) {
            return part.asText();
        }
        if (part.path("text").isTextual()) {
            return part.get("text").asText();
        }
        if (part.path("refusal").isTextual()) {
            return part.get("refusal").asText();
        }
        if (part.path("type").isTextual()) {
            return "[" + part.get("type").asText() + "]";
        }
        return part.toString();
    }

    private static Message text(String role, String content) {
        ObjectNode node = Json.object();
        node.put("role", role);
        node.put("content", Objects.requireNonNull(content, "content"));
        return new Message(node);
    }

    static String requireNonBlank(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }

    /** A tool call made by the assistant; {@code arguments} is JSON text, as in the OpenAI format. */
    public record ToolCall(String id, String name, String arguments) {
        public ToolCall {
            requireNonBlank(id, "tool call id");
            requireNonBlank(name, "tool call name");
            arguments = arguments == null ? "{}" : arguments;
        }

        public static ToolCall of(String id, String name, String arguments) {
            return new ToolCall(id, name, arguments);
        }

        ObjectNode toOpenAiJson() {
            ObjectNode call = Json.object();
            call.put("id", id);
            call.put("type", "function");
            ObjectNode function = call.putObject("function");
            function.put("name", name);
            function.put("arguments", arguments);
            return call;
        }
    }
}

package ai.composo.judge;

import ai.composo.model.Message;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Messages in OpenAI or Anthropic format, normalised into {@link Turn}s so that judges read one shape:
 * Anthropic {@code tool_use} blocks become tool calls, {@code tool_result} blocks become {@code tool}
 * turns, content part lists become text.
 */
public final class Conversation {
    public static final Set<String> ROLES = Set.of("system", "user", "assistant", "tool");

    private final List<Turn> turns;

    private Conversation(List<Turn> turns) {
        this.turns = Collections.unmodifiableList(turns);
    }

    /** A call of a tool: {@code arguments} is JSON text. */
    public record ToolCall(String id, String name, String arguments) {}

    /**
     * One normalised message. {@code index} is the position of the source message in the request.
     * For a {@code tool} turn, {@code toolCallId} names the call it answers and {@code toolName} the
     * tool when known.
     */
    public record Turn(int index, String role, String text, List<ToolCall> toolCalls, String toolCallId, String toolName) {
        public Turn {
            toolCalls = List.copyOf(toolCalls);
            text = text == null ? "" : text;
        }

        public boolean isAssistant() {
            return "assistant".equals(role);
        }

        public boolean isUser() {
            return "user".equals(role);
        }

        public boolean isTool() {
            return "tool".equals(role);
        }

        public boolean hasToolCalls() {
            return !toolCalls.isEmpty();
        }
    }

    /**
     * Normalises raw messages. Throws {@link IllegalArgumentException} whose message starts with the
     * offending position, e.g. {@code messages[2].role: unknown role 'bot' ...}.
     */
    public static Conversation of(List<? extends JsonNode> messages) {
        Objects.requireNonNull(messages, "messages");
        List<Turn> turns = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            String at = "messages[" + i + "]";
            if (m == null || !m.isObject()) {
                throw new IllegalArgumentException(at + ": a message must be a JSON object");
            }
            JsonNode roleNode = m.get("role");
            if (roleNode == null || !roleNode.isTextual()) {
                throw new IllegalArgumentException(at + ".role: field required (one of system, user, assistant, tool)");
            }
            String role = roleNode.asText();
            if (!ROLES.contains(role)) {
                throw new IllegalArgumentException(at + ".role: unknown role '" + role + "' (expected system, user, assistant or tool)");
            }
            normalise(i, at, role, m, turns);
        }
        return new Conversation(turns);
    }

    private static void normalise(int index, String at, String role, JsonNode m, List<Turn> out) {
        JsonNode content = m.get("content");
        List<ToolCall> calls = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        List<Turn> toolResults = new ArrayList<>();

        if (content == null || content.isNull()) {
            // allowed: an assistant message that only calls tools
        } else if (content.isTextual()) {
            text.append(content.asText());
        } else if (content.isArray()) {
            for (int p = 0; p < content.size(); p++) {
                JsonNode part = content.get(p);
                String type = part.path("type").asText("");
                if (part.isTextual()) {
                    appendLine(text, part.asText());
                } else if ("tool_use".equals(type)) {
                    calls.add(new ToolCall(part.path("id").asText(""), part.path("name").asText(""),
                            part.has("input") ? part.get("input").toString() : "{}"));
                } else if ("tool_result".equals(type)) {
                    toolResults.add(new Turn(index, "tool", flatten(part.get("content")), List.of(),
                            part.path("tool_use_id").asText(null), null));
                } else if (!part.isObject()) {
                    throw new IllegalArgumentException(at + ".content[" + p + "]: a content part must be a string or an object");
                } else {
                    appendLine(text, Message.partText(part));
                }
            }
        } else {
            throw new IllegalArgumentException(at + ".content: must be a string, a list of content parts or null");
        }

        JsonNode toolCalls = m.get("tool_calls");
        if (toolCalls != null && !toolCalls.isNull()) {
            if (!toolCalls.isArray()) {
                throw new IllegalArgumentException(at + ".tool_calls: must be a list");
            }
            for (JsonNode c : toolCalls) {
                JsonNode f = c.path("function");
                JsonNode args = f.get("arguments");
                calls.add(new ToolCall(c.path("id").asText(""), f.path("name").asText(""),
                        args == null || args.isNull() ? "{}" : args.isTextual() ? args.asText() : args.toString()));
            }
        }

        if (!toolResults.isEmpty()) {
            if (text.length() > 0) {
                out.add(new Turn(index, role, text.toString(), List.of(), null, null));
            }
            out.addAll(toolResults);
            return;
        }
        String toolCallId = "tool".equals(role) ? m.path("tool_call_id").asText(null) : null;
        String toolName = "tool".equals(role) ? m.path("name").asText(null) : null;
        out.add(new Turn(index, role, text.toString(), calls, toolCallId, toolName));
    }

    private static void appendLine(StringBuilder sb, String s) {
        if (sb.length() > 0) {
            sb.append('\n');
        }
        sb.append(s);
    }

    private static String flatten(JsonNode content) {
        return Message.textOf(content);
    }

    public List<Turn> turns() {
        return turns;
    }

    /** The last assistant turn, if any. */
    public Optional<Turn> lastAssistant() {
        for (int i = turns.size() - 1; i >= 0; i--) {
            if (turns.get(i).isAssistant()) {
                return Optional.of(turns.get(i));
            }
        }
        return Optional.empty();
    }

    public List<Turn> assistantTurns() {
        return turns.stream().filter(Turn::isAssistant).toList();
    }

    /** The last user turn before position {@code turnPosition} in {@link #turns()}. */
    public Optional<Turn> userTurnBefore(int turnPosition) {
        for (int i = Math.min(turnPosition, turns.size()) - 1; i >= 0; i--) {
            if (turns.get(i).isUser()) {
                return Optional.of(turns.get(i));
            }
        }
        return Optional.empty();
    }

    /** The tool turn answering the call with {@code toolCallId}, if present. */
    public Optional<Turn> toolResultFor(String toolCallId) {
        return turns.stream().filter(t -> t.isTool() && Objects.equals(t.toolCallId(), toolCallId)).findFirst();
    }
}

package ai.composo.cli.internal;

import ai.composo.internal.json.Json;
import ai.composo.model.Message;
import ai.composo.model.ToolDefinition;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a {@link RawRecord} into a {@link Row}, or explains precisely what is wrong with it.
 *
 * <p>A row carries either {@code messages} (OpenAI or Anthropic chat messages, at least two) with
 * optional {@code system} and {@code tools}, or the simple columns {@code prompt} and {@code response}
 * with an optional {@code context}. The simple form becomes a user message and an assistant message;
 * {@code context} becomes a system message placed first ({@code "Context:\n" + context}), so that RAG
 * criteria see the retrieved material. {@code id} is optional: rows without one are named
 * {@code line-N} after the line they start on. In CSV, {@code messages} and {@code tools} hold JSON text.
 */
public final class RowParser {
    public static final String CONTEXT_PREFIX = "Context:\n";

    private RowParser() {}

    public static Row parse(RawRecord record) {
        if (record.isError()) {
            throw new RowException(record.line(), idOf(record), record.error());
        }
        JsonNode n = record.node();
        String id = idOf(record);
        try {
            String system = optionalText(n, "system");
            List<ToolDefinition> tools = tools(n.get("tools"));
            List<Message> messages;
            JsonNode m = n.get("messages");
            boolean simple = present(n.get("prompt")) || present(n.get("response"));
            if (present(m)) {
                if (simple) {
                    throw new IllegalArgumentException("has both 'messages' and 'prompt'/'response'; use one form");
                }
                messages = messages(m);
            } else if (simple) {
                messages = simpleMessages(n);
            } else {
                throw new IllegalArgumentException("needs 'messages' (a list of chat messages) or 'prompt' and 'response'");
            }
            return new Row(id, record.line(), messages, system, tools);
        } catch (IllegalArgumentException e) {
            throw new RowException(record.line(), id, e.getMessage());
        }
    }

    /** The row's id as the output will name it, also for rows that fail to parse. */
    static String idOf(RawRecord record) {
        JsonNode idNode = record.node() == null ? null : record.node().get("id");
        if (idNode != null && (idNode.isTextual() || idNode.isIntegralNumber()) && !idNode.asText().isBlank()) {
            return idNode.asText();
        }
        return "line-" + record.line();
    }

    private static List<Message> simpleMessages(JsonNode n) {
        String prompt = requiredText(n, "prompt");
        String response = requiredText(n, "response");
        return simpleMessages(prompt, response, optionalText(n, "context"));
    }

    /** A prompt/response row as messages: the context (when not null) first as a system message, then user and assistant. */
    public static List<Message> simpleMessages(String prompt, String response, String context) {
        List<Message> messages = new ArrayList<>(3);
        if (context != null) {
            messages.add(Message.system(CONTEXT_PREFIX + context));
        }
        messages.add(Message.user(prompt));
        messages.add(Message.assistant(response));
        return messages;
    }

    private static List<Message> messages(JsonNode m) {
        JsonNode list = m.isTextual() ? parseEmbedded(m.asText(), "messages") : m;
        if (!list.isArray()) {
            throw new IllegalArgumentException("'messages' must be a list of chat messages, got " + Problems.kind(list));
        }
        if (list.size() < 2) {
            throw new IllegalArgumentException("'messages' needs at least 2 messages (a user turn and the answer to judge), got " + list.size());
        }
        List<Message> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            try {
                out.add(Message.of(list.get(i)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("messages[" + i + "]: " + e.getMessage());
            }
        }
        return out;
    }

    private static List<ToolDefinition> tools(JsonNode t) {
        if (!present(t)) {
            return null;
        }
        JsonNode list = t.isTextual() ? parseEmbedded(t.asText(), "tools") : t;
        if (!list.isArray()) {
            throw new IllegalArgumentException("'tools' must be a list of tool definitions, got " + Problems.kind(list));
        }
        List<ToolDefinition> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            try {
                out.add(ToolDefinition.of(list.get(i)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("tools[" + i + "]: " + e.getMessage());
            }
        }
        return out;
    }

    private static JsonNode parseEmbedded(String text, String field) {
        try {
            return Json.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + field + "' is not valid JSON: "
                    + e.getMessage().replaceFirst("^Malformed JSON: ", "").replaceAll("\\s+", " ").replaceFirst(" at \\[Source.*$", ""));
        }
    }

    private static boolean present(JsonNode v) {
        return v != null && !v.isNull() && !(v.isTextual() && v.asText().isBlank());
    }

    private static String requiredText(JsonNode n, String field) {
        String v = optionalText(n, field);
        if (v == null) {
            throw new IllegalArgumentException("'" + field + "' is missing or empty");
        }
        return v;
    }

    private static String optionalText(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (!present(v)) {
            return null;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException("'" + field + "' must be a string, got " + Problems.kind(v));
        }
        return v.asText();
    }
}

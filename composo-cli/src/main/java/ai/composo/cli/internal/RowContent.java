package ai.composo.cli.internal;

import ai.composo.model.Message;
import ai.composo.model.ToolDefinition;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * What a dataset row says, as the report shows it: the conversation turn by turn (system prompt, context,
 * user, assistant, tool results, with the assistant's tool calls), the tools it offers, and for a row that
 * could not be parsed, the record as read and why.
 */
public record RowContent(List<Turn> turns, List<String> tools, String problem) {

    /** One turn: {@code label} names it for a reader (e.g. "context", "tool result"); {@code calls} are tool calls. */
    public record Turn(String label, String text, List<String> calls) {}

    public RowContent {
        turns = List.copyOf(turns);
        tools = List.copyOf(tools);
    }

    public static RowContent of(RawRecord record) {
        Row row;
        try {
            row = RowParser.parse(record);
        } catch (RowException e) {
            String raw = record.node() == null ? "" : record.node().toPrettyString();
            return new RowContent(raw.isEmpty() ? List.of() : List.of(new Turn("record as read", raw, List.of())), List.of(), e.reason());
        }
        List<Turn> turns = new ArrayList<>(row.messages().size() + 1);
        if (row.system() != null) {
            turns.add(new Turn("system", row.system(), List.of()));
        }
        for (Message m : row.messages()) {
            turns.add(turn(m));
        }
        List<String> tools = new ArrayList<>();
        if (row.tools() != null) {
            for (ToolDefinition t : row.tools()) {
                tools.add(tool(t.toJson()));
            }
        }
        return new RowContent(turns, tools, null);
    }

    /** The last user turn with text before the last assistant turn: what the response answers. */
    public String prompt() {
        int last = lastAssistant();
        for (int i = (last < 0 ? turns.size() : last) - 1; i >= 0; i--) {
            if (turns.get(i).label().equals(Message.USER) && !turns.get(i).text().isBlank()) {
                return turns.get(i).text();
            }
        }
        return "";
    }

    /** The last assistant turn: its text, or its tool calls when it has no text. */
    public String response() {
        int last = lastAssistant();
        if (last < 0) {
            return "";
        }
        Turn t = turns.get(last);
        return t.text().isBlank() ? String.join("\n", t.calls()) : t.text();
    }

    private int lastAssistant() {
        for (int i = turns.size() - 1; i >= 0; i--) {
            if (turns.get(i).label().equals(Message.ASSISTANT)) {
                return i;
            }
        }
        return -1;
    }

    private static Turn turn(Message m) {
        JsonNode json = m.toJson();
        String role = m.role();
        String text = m.text();
        List<String> calls = new ArrayList<>();
        for (JsonNode call : json.path("tool_calls")) {
            JsonNode f = call.path("function");
            calls.add(f.path("name").asText("?") + "(" + f.path("arguments").asText("") + ")");
        }
        StringBuilder results = new StringBuilder();
        for (JsonNode part : json.path("content")) {
            String type = part.path("type").asText("");
            if (type.equals("tool_use")) {
                calls.add(part.path("name").asText("?") + "(" + part.path("input") + ")");
            } else if (type.equals("tool_result")) {
                JsonNode c = part.path("content");
                results.append(results.length() == 0 ? "" : "\n").append(c.isTextual() ? c.asText() : textParts(c));
            }
        }
        String label = role;
        if (role.equals(Message.SYSTEM) && text.startsWith(RowParser.CONTEXT_PREFIX)) {
            label = "context";
            text = text.substring(RowParser.CONTEXT_PREFIX.length());
        } else if (role.equals(Message.TOOL) || (text.isEmpty() && results.length() > 0)) {
            label = "tool result";
            text = text.isEmpty() ? results.toString() : text;
        }
        return new Turn(label, text, calls);
    }

    private static String textParts(JsonNode parts) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode p : parts) {
            if (p.path("text").isTextual()) {
                sb.append(sb.length() == 0 ? "" : "\n").append(p.path("text").asText());
            }
        }
        return sb.toString();
    }

    private static String tool(JsonNode t) {
        JsonNode f = t.has("function") ? t.path("function") : t;
        String description = f.path("description").asText("");
        return f.path("name").asText("?") + (description.isEmpty() ? "" : ": " + description);
    }
}

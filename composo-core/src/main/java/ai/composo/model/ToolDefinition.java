package ai.composo.model;

import ai.composo.internal.json.Json;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Objects;

/**
 * A tool the assistant may call, in OpenAI ({@code {"type":"function","function":{...}}}) or Anthropic
 * ({@code {"name","description","input_schema"}}) format. Wraps a private copy of the raw JSON.
 */
public final class ToolDefinition extends JsonObjectValue {

    private ToolDefinition(ObjectNode json) {
        super(json);
    }

    /** An OpenAI-format function tool; {@code parametersSchema} is a JSON Schema object (JSON text). */
    public static ToolDefinition function(String name, String description, String parametersSchema) {
        ObjectNode node = Json.object();
        node.put("type", "function");
        ObjectNode function = node.putObject("function");
        function.put("name", Message.requireNonBlank(name, "tool name"));
        if (description != null) {
            function.put("description", description);
        }
        function.set("parameters", parametersSchema == null ? Json.object() : Json.parse(parametersSchema));
        return new ToolDefinition(node);
    }

    public static ToolDefinition of(Map<String, ?> raw) {
        return of(Json.tree(Objects.requireNonNull(raw, "tool")));
    }

    public static ToolDefinition fromJson(String json) {
        return of(Json.parse(Objects.requireNonNull(json, "tool json")));
    }

    @JsonCreator
    public static ToolDefinition of(JsonNode raw) {
        if (raw == null || !raw.isObject()) {
            throw new IllegalArgumentException("A tool definition must be a JSON object");
        }
        return new ToolDefinition(((ObjectNode) raw).deepCopy());
    }

    /** The tool's name in either format, or null when the object names none. */
    public String name() {
        JsonNode name = json.path("function").path("name");
        if (!name.isTextual()) {
            name = json.path("name");
        }
        return name.isTextual() ? name.asText() : null;
    }
}

package ai.composo.judge;

import ai.composo.internal.json.Json;
import ai.composo.model.LLMToolDefinition;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** A tool definition normalised from OpenAI, Anthropic or trace format. {@code parameters} is a JSON Schema object. */
public record ToolSpec(String name, String description, JsonNode parameters) {

    /** OpenAI ({@code {"type":"function","function":{...}}}) or Anthropic ({@code {"name","input_schema"}}) format. */
    public static ToolSpec fromJson(JsonNode tool) {
        if (tool == null || !tool.isObject()) {
            throw new IllegalArgumentException("a tool definition must be a JSON object");
        }
        JsonNode f = tool.has("function") ? tool.get("function") : tool;
        JsonNode name = f.get("name");
        if (name == null || !name.isTextual() || name.asText().isBlank()) {
            throw new IllegalArgumentException("a tool definition needs a string 'name'");
        }
        JsonNode params = f.has("parameters") ? f.get("parameters") : f.get("input_schema");
        return new ToolSpec(name.asText(), f.path("description").asText(""), schema(params));
    }

    public static ToolSpec fromTrace(LLMToolDefinition tool) {
        JsonNode params;
        try {
            params = Json.parse(tool.parameters());
        } catch (IllegalArgumentException e) {
            params = Json.object();
        }
        return new ToolSpec(tool.name(), tool.description(), schema(params));
    }

    public static List<ToolSpec> fromJson(List<? extends JsonNode> tools) {
        return tools == null ? List.of() : tools.stream().map(ToolSpec::fromJson).toList();
    }

    private static JsonNode schema(JsonNode params) {
        if (params == null || params.isNull()) {
            return Json.object();
        }
        if (params.isTextual()) {
            try {
                return Json.parse(params.asText());
            } catch (IllegalArgumentException e) {
                return Json.object();
            }
        }
        return params;
    }
}

package ai.composo.model;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** A tool available to an LLM call in a trace; {@code parameters} is the JSON Schema as text. */
public record LLMToolDefinition(
        @JsonProperty("name") String name,
        @JsonProperty("description") String description,
        @JsonProperty("parameters") String parameters,
        @JsonAnyGetter Map<String, JsonNode> extra) {

    public LLMToolDefinition {
        Objects.requireNonNull(name, "tool name");
        description = description == null ? "" : description;
        parameters = parameters == null ? "{}" : parameters;
        extra = ExtraFields.copy(extra);
    }

    public LLMToolDefinition(String name, String description, String parameters) {
        this(name, description, parameters, Map.of());
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static LLMToolDefinition fromJson(JsonNode node) {
        String type = "LLMToolDefinition";
        ExtraFields.requireObject(node, type);
        return new LLMToolDefinition(ExtraFields.requiredText(node, "name", type),
                ExtraFields.optionalText(node, "description", type), ExtraFields.jsonText(node, "parameters", type),
                ExtraFields.rest(node, Set.of("name", "description", "parameters")));
    }
}

package ai.composo.model;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** A tool call in a trace. {@code parameters} is JSON text, not an object. Unknown fields are kept in {@code extra}. */
@com.fasterxml.jackson.databind.annotation.JsonDeserialize(using = com.fasterxml.jackson.databind.JsonDeserializer.None.class)
public record LLMToolCall(
        @JsonProperty("id") String id,
        @JsonProperty("name") String name,
        @JsonProperty("parameters") String parameters,
        @JsonAnyGetter Map<String, JsonNode> extra) implements Content {

    public LLMToolCall {
        Objects.requireNonNull(id, "tool call id");
        Objects.requireNonNull(name, "tool call name");
        parameters = parameters == null ? "{}" : parameters;
        extra = ExtraFields.copy(extra);
    }

    public LLMToolCall(String id, String name, String parameters) {
        this(id, name, parameters, Map.of());
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static LLMToolCall fromJson(JsonNode node) {
        String type = "LLMToolCall";
        ExtraFields.requireObject(node, type);
        return new LLMToolCall(ExtraFields.requiredText(node, "id", type), ExtraFields.requiredText(node, "name", type),
                ExtraFields.jsonText(node, "parameters", type), ExtraFields.rest(node, Set.of("id", "name", "parameters")));
    }
}

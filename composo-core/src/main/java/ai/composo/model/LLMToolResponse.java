package ai.composo.model;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** A tool's answer in a trace (input messages only); {@code id} is the id of the call it answers. */
@com.fasterxml.jackson.databind.annotation.JsonDeserialize(using = com.fasterxml.jackson.databind.JsonDeserializer.None.class)
public record LLMToolResponse(
        @JsonProperty("id") String id,
        @JsonProperty("response") String response,
        @JsonProperty("name") @JsonInclude(JsonInclude.Include.NON_NULL) String name,
        @JsonAnyGetter Map<String, JsonNode> extra) implements Content {

    public LLMToolResponse {
        Objects.requireNonNull(id, "tool response id");
        Objects.requireNonNull(response, "tool response");
        extra = ExtraFields.copy(extra);
    }

    public LLMToolResponse(String id, String response, String name) {
        this(id, response, name, Map.of());
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static LLMToolResponse fromJson(JsonNode node) {
        String type = "LLMToolResponse";
        ExtraFields.requireObject(node, type);
        JsonNode response = node.get("response");
        String text = response == null || response.isNull() ? null : response.isTextual() ? response.asText() : response.toString();
        if (text == null) {
            throw new IllegalArgumentException(type + ".response is required");
        }
        return new LLMToolResponse(ExtraFields.requiredText(node, "id", type), text,
                ExtraFields.optionalText(node, "name", type), ExtraFields.rest(node, Set.of("id", "response", "name")));
    }
}

package ai.composo.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The result for one agent instance of a trace. Binary criteria give 1.0, 0.0 or null. Also reads the
 * later {@code {"passed": bool|null, ...}} form (true → 1.0, false → 0.0).
 */
public record AgentInstanceResult(
        @JsonProperty("score") @JsonInclude(JsonInclude.Include.ALWAYS) Double score,
        @JsonProperty("explanation") String explanation) {

    public AgentInstanceResult {
        explanation = explanation == null ? "" : explanation;
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static AgentInstanceResult fromJson(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("An agent instance result must be a JSON object");
        }
        Double score = null;
        JsonNode s = node.get("score");
        if (s != null && s.isNumber()) {
            score = s.asDouble();
        } else if (s == null || s.isNull()) {
            JsonNode passed = node.get("passed");
            if (passed != null && passed.isBoolean()) {
                score = passed.asBoolean() ? 1.0 : 0.0;
            }
        }
        JsonNode e = node.get("explanation");
        return new AgentInstanceResult(score, e == null || e.isNull() ? "" : e.asText());
    }
}

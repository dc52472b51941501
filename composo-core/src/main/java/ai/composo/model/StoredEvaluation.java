package ai.composo.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Objects;

/** A row of {@code POST /api/v1/evaluations/filter}: one stored evaluation with its request and response. */
public record StoredEvaluation(
        @JsonProperty("id") String id,
        @JsonProperty("endpoint") String endpoint,
        @JsonProperty("status_code") int statusCode,
        @JsonProperty("latency_ms") long latencyMs,
        @JsonProperty("request_payload") JsonNode requestPayload,
        @JsonProperty("response_payload") JsonNode responsePayload,
        @JsonProperty("token_count") long tokenCount,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("model_class") String modelClass,
        @JsonProperty("tags") Map<String, String> tags,
        @JsonProperty("trace_id") String traceId,
        @JsonProperty("model_core") String modelCore,
        @JsonProperty("criteria") String criteria,
        @JsonProperty("score") Double score) {

    @JsonCreator
    public StoredEvaluation {
        Objects.requireNonNull(id, "id");
        requestPayload = requestPayload == null || requestPayload.isNull() ? null : requestPayload.deepCopy();
        responsePayload = responsePayload == null || responsePayload.isNull() ? null : responsePayload.deepCopy();
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }
}

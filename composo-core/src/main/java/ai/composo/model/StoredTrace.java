package ai.composo.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A stored trace as {@code GET /api/v1/traces/{trace_id}} returns it (wire-spec §12): what was evaluated
 * ({@code trace}: a multi-agent trace, or {@code {messages, tools, system}}), its evaluations, tags, rating and comments.
 */
public record StoredTrace(
        @JsonProperty("id") String id,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("tags") Map<String, String> tags,
        @JsonProperty("rating") Boolean rating,
        @JsonProperty("trace") JsonNode trace,
        @JsonProperty("comments") List<TraceComment> comments,
        @JsonProperty("evaluations") List<Evaluation> evaluations) {

    @JsonCreator
    public StoredTrace {
        Objects.requireNonNull(id, "id");
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        trace = trace == null || trace.isNull() ? null : trace.deepCopy();
        comments = comments == null ? List.of() : List.copyOf(comments);
        evaluations = evaluations == null ? List.of() : List.copyOf(evaluations);
    }

    /** One evaluation of the trace. {@code score} is null for trace evaluations (no overall score) and failed ones. */
    public record Evaluation(
            @JsonProperty("id") String id,
            @JsonProperty("evaluator_name") String evaluatorName,
            @JsonProperty("score") Double score,
            @JsonProperty("explanation") String explanation,
            @JsonProperty("criteria") String criteria,
            @JsonProperty("sources") List<Source> sources,
            @JsonProperty("cached") boolean cached,
            @JsonProperty("endpoint") String endpoint,
            @JsonProperty("model_core") String modelCore,
            @JsonProperty("status_code") Integer statusCode,
            @JsonProperty("created_at") String createdAt) {

        @JsonCreator
        public Evaluation {
            sources = sources == null ? List.of() : List.copyOf(sources);
        }
    }
}

package ai.composo.model;

import ai.composo.internal.json.Json;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * A background evaluation as reported by {@code GET /api/v1/tasks/{task_id}}, an extension of our
 * server (wire-spec §15.1) that the hosted platform does not offer. {@code result} is the body the
 * blocking endpoint would have returned; {@code error} the status and detail it would have failed with.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Task(
        @JsonProperty("task_id") String taskId,
        @JsonProperty("status") String status,
        @JsonProperty("result") JsonNode result,
        @JsonProperty("error") TaskError error,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("finished_at") String finishedAt) {

    public static final String PENDING = "pending";
    public static final String RUNNING = "running";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";

    @JsonCreator
    public Task {
        Objects.requireNonNull(taskId, "task_id");
        Objects.requireNonNull(status, "status");
        result = result == null || result.isNull() ? null : result.deepCopy();
    }

    @JsonIgnore
    public boolean isTerminal() {
        return SUCCEEDED.equals(status) || FAILED.equals(status);
    }

    /** The result of a succeeded {@code /reward} task. */
    public EvaluationResponse evaluationResult() {
        return resultAs(EvaluationResponse.class);
    }

    /** The result of a succeeded {@code /trace} task. */
    public MultiAgentTraceResponse traceResult() {
        return resultAs(MultiAgentTraceResponse.class);
    }

    private <T> T resultAs(Class<T> type) {
        if (result == null) {
            throw new IllegalStateException("Task " + taskId + " has no result (status " + status + ")");
        }
        return Json.convert(result, type);
    }

    /** Why a task failed: the status code and FastAPI-style {@code detail} the blocking call would have returned. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record TaskError(@JsonProperty("status_code") int statusCode, @JsonProperty("detail") JsonNode detail) {
        /** The detail as text: the string itself, or the JSON of a validation-error list. */
        public String detailText() {
            return detail == null || detail.isNull() ? "" : detail.isTextual() ? detail.asText() : detail.toString();
        }
    }
}

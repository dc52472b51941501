package ai.composo.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A comment on a stored trace ({@code POST /api/v1/annotations/comment}). */
public record TraceComment(
        @JsonProperty("id") String id,
        @JsonProperty("trace_id") String traceId,
        @JsonProperty("comment") String comment,
        @JsonProperty("created_at") String createdAt) {}

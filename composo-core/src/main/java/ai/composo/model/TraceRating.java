package ai.composo.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A rating of a stored trace ({@code POST /api/v1/annotations/rating}); the latest rating is the trace's. */
public record TraceRating(
        @JsonProperty("id") String id,
        @JsonProperty("trace_id") String traceId,
        @JsonProperty("rating") boolean rating,
        @JsonProperty("created_at") String createdAt) {}

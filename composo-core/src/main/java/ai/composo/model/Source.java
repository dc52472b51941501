package ai.composo.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Material an evaluation drew on (a document, memory or annotation). */
public record Source(@JsonProperty("id") String id, @JsonProperty("type") String type) {}

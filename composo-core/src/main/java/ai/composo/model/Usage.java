package ai.composo.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** {@code GET /api/v1/usage}: this month's requests and tokens, in total and per model core (wire-spec §12). */
public record Usage(@JsonProperty("usage") Counts usage, @JsonProperty("quota_reset_date") String quotaResetDate) {

    public record Counts(
            @JsonProperty("monthly_token_quota") long monthlyTokenQuota,
            @JsonProperty("models") Map<String, ModelCounts> models,
            @JsonProperty("total_current_request_count") long totalRequests,
            @JsonProperty("total_current_token_count") long totalTokens) {

        @JsonCreator
        public Counts {
            models = models == null ? Map.of() : Map.copyOf(models);
        }
    }

    /** Per model core. The hosted platform does not document this shape; these are our server's fields. */
    public record ModelCounts(@JsonProperty("request_count") long requests, @JsonProperty("token_count") long tokens) {}
}

package ai.composo.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** One page of {@code POST /api/v1/evaluations/filter}, newest first. */
public record EvaluationPage(
        @JsonProperty("evaluations") List<StoredEvaluation> evaluations,
        @JsonProperty("total") long total,
        @JsonProperty("page") int page,
        @JsonProperty("page_size") int pageSize,
        @JsonProperty("total_pages") long totalPages) {

    @JsonCreator
    public EvaluationPage {
        evaluations = evaluations == null ? List.of() : List.copyOf(evaluations);
    }
}

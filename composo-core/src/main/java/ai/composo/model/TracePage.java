package ai.composo.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Optional;

/** One page of {@code GET /api/v1/traces}, newest first; pass {@link #nextPageToken()} to get the next one. */
public record TracePage(
        @JsonProperty("traces") List<StoredTrace> traces,
        @JsonProperty("next_page_token") String nextPageToken) {

    @JsonCreator
    public TracePage {
        traces = traces == null ? List.of() : List.copyOf(traces);
    }

    /** Empty on the last page. */
    public Optional<String> next() {
        return Optional.ofNullable(nextPageToken);
    }
}

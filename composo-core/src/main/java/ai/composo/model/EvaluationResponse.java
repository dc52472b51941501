package ai.composo.model;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer to one evaluation ({@code POST /api/v1/evals/reward}). {@link #score()} is in [0, 1], or
 * null when the criterion does not apply. Fields the SDK does not know are kept in
 * {@link #additionalProperties()}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class EvaluationResponse {
    private final Double score;
    private final String explanation;
    private final String cleanedExplanation;
    private final List<Source> sources;
    private final Map<String, JsonNode> additionalProperties;

    private EvaluationResponse(Builder b) {
        if (b.score != null && (b.score.isNaN() || b.score < 0.0 || b.score > 1.0)) {
            throw new IllegalArgumentException("score must be within [0, 1] or null, got " + b.score);
        }
        this.score = b.score;
        this.explanation = b.explanation == null ? "" : b.explanation;
        this.cleanedExplanation = b.cleanedExplanation;
        this.sources = b.sources == null ? null : List.copyOf(b.sources);
        this.additionalProperties = Collections.unmodifiableMap(new LinkedHashMap<>(b.additionalProperties));
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder().score(score).explanation(explanation).cleanedExplanation(cleanedExplanation);
        b.sources = sources;
        b.additionalProperties.putAll(additionalProperties);
        return b;
    }

    /** The score in [0, 1]; null means the criterion does not apply to this conversation. */
    @JsonProperty("score")
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public Double score() {
        return score;
    }

    /** True when the server said the criterion does not apply (null score). */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isNotApplicable() {
        return score == null;
    }

    @JsonProperty("explanation")
    public String explanation() {
        return explanation;
    }

    /** Present only when the request asked for {@code explanation_cleaning: end_user}. */
    public Optional<String> cleanedExplanation() {
        return Optional.ofNullable(cleanedExplanation);
    }

    @JsonProperty("cleaned_explanation")
    String cleanedExplanationValue() {
        return cleanedExplanation;
    }

    /** Material the evaluation drew on; empty when the server sent none. */
    public List<Source> sources() {
        return sources == null ? List.of() : sources;
    }

    @JsonProperty("sources")
    List<Source> sourcesValue() {
        return sources;
    }

    /** Response fields this SDK version does not model, kept as JSON. */
    @JsonAnyGetter
    public Map<String, JsonNode> additionalProperties() {
        return additionalProperties;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof EvaluationResponse)) {
            return false;
        }
        EvaluationResponse r = (EvaluationResponse) o;
        return Objects.equals(score, r.score) && explanation.equals(r.explanation)
                && Objects.equals(cleanedExplanation, r.cleanedExplanation) && Objects.equals(sources, r.sources)
                && additionalProperties.equals(r.additionalProperties);
    }

    @Override
    public int hashCode() {
        return Objects.hash(score, explanation, cleanedExplanation, sources, additionalProperties);
    }

    @Override
    public String toString() {
        return "EvaluationResponse{score=" + score + ", explanation='" + explanation + "'"
                + (cleanedExplanation == null ? "" : ", cleanedExplanation='" + cleanedExplanation + "'")
                + (sources == null || sources.isEmpty() ? "" : ", sources=" + sources)
                + (additionalProperties.isEmpty() ? "" : ", additionalProperties=" + additionalProperties) + "}";
    }

    public static final class Builder {
        private Double score;
        private String explanation;
        private String cleanedExplanation;
        private List<Source> sources;
        private final Map<String, JsonNode> additionalProperties = new LinkedHashMap<>();

        private Builder() {}

        public Builder score(Double score) {
            this.score = score;
            return this;
        }

        public Builder explanation(String explanation) {
            this.explanation = explanation;
            return this;
        }

        public Builder cleanedExplanation(String cleanedExplanation) {
            this.cleanedExplanation = cleanedExplanation;
            return this;
        }

        public Builder sources(List<Source> sources) {
            this.sources = sources == null ? null : new ArrayList<>(sources);
            return this;
        }

        public Builder putAdditionalProperty(String name, JsonNode value) {
            additionalProperties.put(name, value);
            return this;
        }

        public EvaluationResponse build() {
            return new EvaluationResponse(this);
        }
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static EvaluationResponse fromJson(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("An evaluation response must be a JSON object");
        }
        Builder b = builder();
        node.fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            switch (e.getKey()) {
                case "score" -> b.score(v.isNumber() ? v.asDouble() : null);
                case "explanation" -> b.explanation(v.isNull() ? null : v.asText());
                case "cleaned_explanation" -> b.cleanedExplanation(v.isNull() ? null : v.asText());
                case "sources" -> {
                    if (v.isArray()) {
                        List<Source> list = new ArrayList<>();
                        v.forEach(s -> list.add(new Source(s.path("id").asText(null), s.path("type").asText(null))));
                        b.sources(list);
                    }
                }
                default -> b.putAdditionalProperty(e.getKey(), v);
            }
        });
        return b.build();
    }
}

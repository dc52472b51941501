package ai.composo.model;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;
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
@JsonDeserialize(using = EvaluationResponse.Decoder.class)
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

    /**
     * Reads the wire form in one pass over the parser, without building a tree first (it is decoded once per
     * evaluation on the client's hot path); fields it does not model are kept as JSON.
     */
    static final class Decoder extends StdDeserializer<EvaluationResponse> {
        Decoder() {
            super(EvaluationResponse.class);
        }

        @Override
        public EvaluationResponse deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken t = p.currentToken();
            if (t == JsonToken.START_OBJECT) {
                t = p.nextToken();
            } else if (t != JsonToken.FIELD_NAME && t != JsonToken.END_OBJECT) {
                return ctxt.reportInputMismatch(this, "An evaluation response must be a JSON object");
            }
            Builder b = builder();
            for (; t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                switch (name) {
                    case "score" -> b.score(v.isNumeric() ? p.getDoubleValue() : skipped(p));
                    case "explanation" -> b.explanation(text(p));
                    case "cleaned_explanation" -> b.cleanedExplanation(text(p));
                    case "sources" -> b.sources(v == JsonToken.START_ARRAY ? sources(p) : skipped(p));
                    default -> b.putAdditionalProperty(name, ctxt.readTree(p));
                }
            }
            try {
                return b.build();
            } catch (IllegalArgumentException e) {
                return ctxt.reportInputMismatch(this, e.getMessage());
            }
        }

        private static List<Source> sources(JsonParser p) throws IOException {
            List<Source> list = new ArrayList<>();
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                String id = null;
                String type = null;
                if (t == JsonToken.START_OBJECT) {
                    for (t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                        String name = p.currentName();
                        p.nextToken();
                        switch (name) {
                            case "id" -> id = text(p);
                            case "type" -> type = text(p);
                            default -> p.skipChildren();
                        }
                    }
                } else {
                    p.skipChildren();
                }
                list.add(new Source(id, type));
            }
            return list;
        }

        /** A scalar as text (numbers as Java prints them), null for JSON null, "" for an object or array. */
        private static String text(JsonParser p) throws IOException {
            JsonToken t = p.currentToken();
            if (t == JsonToken.VALUE_NULL) {
                return null;
            }
            if (t.isStructStart()) {
                p.skipChildren();
                return "";
            }
            return t == JsonToken.VALUE_NUMBER_FLOAT ? String.valueOf(p.getDoubleValue()) : p.getText();
        }

        private static <T> T skipped(JsonParser p) throws IOException {
            p.skipChildren();
            return null;
        }
    }
}

package ai.composo.judge;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A judge's answer: a graded {@code score} in [0, 1] (reward criteria) or a {@code passed} flag
 * (pass/fail criteria), or neither when the criterion does not apply; an explanation; and metadata
 * (JSON-serialisable values, e.g. {@code confidence}, signal values, token usage).
 */
public final class Verdict {
    private final Double score;
    private final Boolean passed;
    private final String explanation;
    private final String cleanedExplanation;
    private final Map<String, Object> metadata;

    private Verdict(Double score, Boolean passed, String explanation, String cleanedExplanation, Map<String, Object> metadata) {
        if (score != null && (score.isNaN() || score < 0.0 || score > 1.0)) {
            throw new IllegalArgumentException("score must be within [0, 1], got " + score);
        }
        if (score != null && passed != null) {
            throw new IllegalArgumentException("a verdict has a score or a pass/fail flag, not both");
        }
        if (cleanedExplanation != null && cleanedExplanation.isBlank()) {
            throw new IllegalArgumentException("a cleaned explanation must not be blank");
        }
        this.score = score;
        this.passed = passed;
        this.explanation = Objects.requireNonNull(explanation, "explanation");
        this.cleanedExplanation = cleanedExplanation;
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    public static Verdict score(double score, String explanation) {
        return new Verdict(score, null, explanation, null, Map.of());
    }

    public static Verdict passed(boolean passed, String explanation) {
        return new Verdict(null, passed, explanation, null, Map.of());
    }

    public static Verdict notApplicable(String explanation) {
        return new Verdict(null, null, explanation, null, Map.of());
    }

    /**
     * This verdict with an explanation for the end user (see {@link JudgeRequest#endUserExplanation()}): it may
     * describe only what the user and the assistant can see.
     */
    public Verdict withCleanedExplanation(String cleanedExplanation) {
        return new Verdict(score, passed, explanation, Objects.requireNonNull(cleanedExplanation, "cleanedExplanation"), metadata);
    }

    public Verdict withMetadata(String key, Object value) {
        Map<String, Object> m = new LinkedHashMap<>(metadata);
        m.put(Objects.requireNonNull(key), value);
        return new Verdict(score, passed, explanation, cleanedExplanation, m);
    }

    public Verdict withMetadata(Map<String, ?> more) {
        Map<String, Object> m = new LinkedHashMap<>(metadata);
        m.putAll(more);
        return new Verdict(score, passed, explanation, cleanedExplanation, m);
    }

    /** The graded score, null for pass/fail and not-applicable verdicts. */
    public Double score() {
        return score;
    }

    /** The pass/fail flag, null for graded and not-applicable verdicts. */
    public Boolean passed() {
        return passed;
    }

    public boolean isNotApplicable() {
        return score == null && passed == null;
    }

    /** The value sent as {@code score} on the wire: the score, 1.0/0.0 for pass/fail, or null. */
    public Double wireScore() {
        if (score != null) {
            return score;
        }
        return passed == null ? null : passed ? 1.0 : 0.0;
    }

    public String explanation() {
        return explanation;
    }

    /**
     * One plain sentence for the end user saying how the response did (applies or not, pass or fail, or a band of
     * the score), without the criterion's wording or the number: the start of, or stand-in for, an end-user
     * explanation.
     */
    public String plainOutcome() {
        if (isNotApplicable()) {
            return "This check does not apply to this conversation.";
        }
        if (passed != null) {
            return passed ? "The assistant's response meets this requirement." : "The assistant's response does not meet this requirement.";
        }
        return score >= 0.7 ? "The assistant's response does this well."
                : score >= 0.4 ? "The assistant's response does this only in part."
                : "The assistant's response falls short here.";
    }

    /** The end-user explanation, when the judge wrote one. */
    public Optional<String> cleanedExplanation() {
        return Optional.ofNullable(cleanedExplanation);
    }

    public Map<String, Object> metadata() {
        return metadata;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Verdict v && Objects.equals(v.score, score) && Objects.equals(v.passed, passed)
                && v.explanation.equals(explanation) && Objects.equals(v.cleanedExplanation, cleanedExplanation)
                && v.metadata.equals(metadata);
    }

    @Override
    public int hashCode() {
        return Objects.hash(score, passed, explanation, cleanedExplanation, metadata);
    }

    @Override
    public String toString() {
        return "Verdict{score=" + score + ", passed=" + passed + ", explanation='" + explanation + "'"
                + (cleanedExplanation == null ? "" : ", cleanedExplanation='" + cleanedExplanation + "'") + ", metadata=" + metadata + "}";
    }
}

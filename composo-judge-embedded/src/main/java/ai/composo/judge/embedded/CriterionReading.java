package ai.composo.judge.embedded;

import java.util.List;
import java.util.Objects;

/**
 * How the embedded judge reads a criterion: the families it will measure, for each whether more of the family's
 * good side scores higher ({@code moreIsBetter}) or lower, and how sure the reading is. A criterion outside every
 * family ({@link #outOfFamily()}) gets verdicts with a confidence of at most 0.2. Immutable.
 */
public final class CriterionReading {
    /** One understood part of the criterion. */
    public record Part(String family, String aspect, boolean moreIsBetter, String fragment, double confidence) {
        public Part {
            Objects.requireNonNull(family, "family");
            aspect = aspect == null ? "" : aspect;
            Objects.requireNonNull(fragment, "fragment");
        }
    }

    private final String criterion;
    private final List<Part> parts;
    private final List<String> unread;
    private final double confidence;
    private final String summary;

    CriterionReading(String criterion, List<Part> parts, List<String> unread, double confidence, String summary) {
        this.criterion = criterion;
        this.parts = List.copyOf(parts);
        this.unread = List.copyOf(unread);
        this.confidence = confidence;
        this.summary = summary;
    }

    public String criterion() {
        return criterion;
    }

    public List<Part> parts() {
        return parts;
    }

    /** Fragments of the criterion the reader did not map to any family. */
    public List<String> unreadFragments() {
        return unread;
    }

    public double confidence() {
        return confidence;
    }

    public boolean outOfFamily() {
        return parts.isEmpty();
    }

    /** One line, e.g. "conciseness (more is better), tone (more is better)". */
    public String summary() {
        return summary;
    }

    @Override
    public String toString() {
        return summary;
    }
}

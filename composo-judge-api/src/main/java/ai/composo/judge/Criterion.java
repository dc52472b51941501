package ai.composo.judge;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed evaluation criterion (wire-spec §8.2). The prefix decides the {@link Kind} (graded reward
 * or binary pass/fail), the {@link Polarity} and, where it names one, the {@link Target}. Prefixes are
 * compared case-insensitively; the union of every generation is accepted.
 */
public final class Criterion {
    public static final int MAX_LENGTH = 4096;

    public enum Kind { REWARD, PASS_FAIL }

    /** What is judged: the assistant's response, a tool call, or an agent. */
    public enum Target { RESPONSE, TOOL_CALL, AGENT }

    /** POSITIVE for {@code Reward…} / {@code …passes if}; NEGATIVE for {@code Penalize…} / {@code …fails if}. */
    public enum Polarity { POSITIVE, NEGATIVE }

    private record Prefix(String text, Kind kind, Polarity polarity, Target target) {}

    // Longest first, so "Response passes if" wins over a shorter match.
    private static final List<Prefix> PREFIXES = List.of(
            new Prefix("tool call passes if", Kind.PASS_FAIL, Polarity.POSITIVE, Target.TOOL_CALL),
            new Prefix("tool call fails if", Kind.PASS_FAIL, Polarity.NEGATIVE, Target.TOOL_CALL),
            new Prefix("response passes if", Kind.PASS_FAIL, Polarity.POSITIVE, Target.RESPONSE),
            new Prefix("response fails if", Kind.PASS_FAIL, Polarity.NEGATIVE, Target.RESPONSE),
            new Prefix("agent passes if", Kind.PASS_FAIL, Polarity.POSITIVE, Target.AGENT),
            new Prefix("agent fails if", Kind.PASS_FAIL, Polarity.NEGATIVE, Target.AGENT),
            new Prefix("passes if", Kind.PASS_FAIL, Polarity.POSITIVE, null),
            new Prefix("fails if", Kind.PASS_FAIL, Polarity.NEGATIVE, null),
            new Prefix("penalize", Kind.REWARD, Polarity.NEGATIVE, null),
            new Prefix("reward", Kind.REWARD, Polarity.POSITIVE, null));

    private final String text;
    private final Kind kind;
    private final Polarity polarity;
    private final Target target;
    private final String prefix;
    private final String body;

    private Criterion(String text, Kind kind, Polarity polarity, Target target, String prefix, String body) {
        this.text = text;
        this.kind = kind;
        this.polarity = polarity;
        this.target = target;
        this.prefix = prefix;
        this.body = body;
    }

    /**
     * Parses a criterion, or explains why it is not one: the message names the problem (empty, too
     * long, or no accepted prefix) and is fit to show to an API user.
     */
    public static Criterion parse(String text) {
        Objects.requireNonNull(text, "criterion");
        if (text.isBlank()) {
            throw new IllegalArgumentException("Criteria must not be empty");
        }
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("Criteria may not exceed " + MAX_LENGTH + " characters (got " + text.length() + ")");
        }
        String trimmed = text.strip();
        String lower = trimmed.toLowerCase(Locale.ROOT);
        for (Prefix p : PREFIXES) {
            if (lower.startsWith(p.text())) {
                String body = trimmed.substring(p.text().length()).strip();
                Target target = p.target() != null ? p.target() : targetFromBody(body.toLowerCase(Locale.ROOT));
                return new Criterion(text, p.kind(), p.polarity(), target, trimmed.substring(0, p.text().length()), body);
            }
        }
        throw new IllegalArgumentException("Criteria must start with one of: " + acceptedPrefixes());
    }

    /** Like {@link #parse(String)}, empty instead of an exception. */
    public static Optional<Criterion> tryParse(String text) {
        try {
            return Optional.of(parse(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public static String acceptedPrefixes() {
        return "Reward, Penalize, Passes if, Fails if, Response passes if, Response fails if, "
                + "Tool call passes if, Tool call fails if, Agent passes if, Agent fails if";
    }

    private static Target targetFromBody(String lowerBody) {
        if (lowerBody.startsWith("tool call") || lowerBody.startsWith("the tool call")) {
            return Target.TOOL_CALL;
        }
        if (lowerBody.startsWith("agent") || lowerBody.startsWith("the agent")) {
            return Target.AGENT;
        }
        return Target.RESPONSE;
    }

    /** The same criterion judged as {@code target} (the trace endpoint judges agents). */
    public Criterion withTarget(Target newTarget) {
        return new Criterion(text, kind, polarity, Objects.requireNonNull(newTarget), prefix, body);
    }

    /** The criterion exactly as sent. */
    public String text() {
        return text;
    }

    public Kind kind() {
        return kind;
    }

    public Polarity polarity() {
        return polarity;
    }

    public Target target() {
        return target;
    }

    /** The prefix as written in the criterion, e.g. {@code "Reward"} or {@code "Response fails if"}. */
    public String prefix() {
        return prefix;
    }

    /** The words after the prefix, e.g. {@code "responses that cite the refund policy"}. */
    public String body() {
        return body;
    }

    public boolean isReward() {
        return kind == Kind.REWARD;
    }

    public boolean isPassFail() {
        return kind == Kind.PASS_FAIL;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Criterion c && c.text.equals(text) && c.target == target;
    }

    @Override
    public int hashCode() {
        return Objects.hash(text, target);
    }

    @Override
    public String toString() {
        return kind + "/" + polarity + "/" + target + ": " + text;
    }
}

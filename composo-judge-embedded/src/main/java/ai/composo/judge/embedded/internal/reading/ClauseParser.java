package ai.composo.judge.embedded.internal.reading;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The structural half of reading a criterion: splits a criterion body into {@link Fragment}s, each with the
 * scope it sits in. "make only claims the sources support, without adding facts, guesses or speculation the
 * sources do not contain" gives "make only claims the sources support" (wanted) and "adding facts, guesses or
 * speculation the sources do not contain" (unwanted: under "without", with its list kept whole). Predicate
 * negation at a fragment's start ("is not concise", "does not fail to cite", "no jargon") is stripped and
 * counted; negation inside a relative clause ("facts the sources do not contain") is part of the fragment's
 * meaning and left to the phrase bank.
 */
public final class ClauseParser {
    private ClauseParser() {}

    /** Where a fragment sits: the main statement, a purpose clause ("so the user …"), which only confirms. */
    public enum Role { MAIN, PURPOSE }

    /**
     * A piece of the criterion body. {@code negated} is true when the fragment describes what is unwanted
     * (an odd number of scope words and predicate negations apply to it).
     */
    public record Fragment(String text, boolean negated, Role role, String scopeWord) {}

    /** Words that put what follows out of favour, up to the end of their scope. */
    private static final String NEGATING =
            "without|rather than|instead of|as opposed to|in place of|free of|free from|avoid(?:s|ing|ed)?|(?<=^|, |and |or )never|but not|and not|or not|nor"
            + "|, not|not just|not merely|not simply|refrain(?:s|ing)? from|steer(?:s|ing)? clear of|shy(?:ing)? away from";
    /** Boundaries that end a scope and start a new fragment in favour. */
    private static final String BOUNDARY = ";|, and |, but |, yet | but |, while | while |, whereas | whereas |, so that | so that "
            + "|, so |, which |, and that | and that | as well as |, plus |, also "
            + "| (?:and|or) (?=(?:do not|does not|don't|doesn't|is not|isn't|are not|aren't|never|not|fails? to|lacks?)\\b)";
    private static final Pattern MARKER = Pattern.compile("(?<neg>\\b(?:" + NEGATING.replace(", not", ",\\s*not\\b") + ")\\b)|(?<bound>"
            + BOUNDARY + ")");

    private static final Pattern SUBJECT = Pattern.compile(
            "^(?:the |an? |its |their )?(?:(?:final |assistant'?s? |model'?s? |ai'?s? )?(?:responses?|answers?|replies|reply|outputs?|assistants?|agents?"
            + "|tool calls?|function calls?|calls?|chatbots?|bots?|models?|summar(?:y|ies)|messages?|completions?|generations?|it|they|this|that))\\b"
            + "\\s*(?:whose|that|which|who|where|if|when)?\\s*(?:(?:it|they)\\s+)?(?=\\S)");
    private static final Pattern CONDITION = Pattern.compile("^(?:when|whenever|if|where|in cases where|in case|once|unless|as soon as)\\b");
    private static final Pattern PREDICATE_NEGATION = Pattern.compile(
            "^(?:(?:it|they|the response|the answer|the agent|the call|that|which|who)\\s+)?(?:is not|isn't|are not|aren't|was not|wasn't|does not|doesn't"
            + "|do not|don't|did not|didn't|cannot|can't|can not|will not|won't|would not|should not|never|fails? to|failed to|failing to|neither"
            + "|nor|lacks?|lacking|lacked|not|no)\\b(?! (?:more|less|fewer|longer|shorter|later) than)\\s*");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    /** Lower case, one space, no trailing full stop, typographic apostrophes made plain. */
    public static String normalize(String body) {
        String s = body.toLowerCase(Locale.ROOT).replace('’', '\'').replace('‘', '\'').replace('“', '"').replace('”', '"');
        s = SPACES.matcher(s).replaceAll(" ").strip();
        s = s.replaceAll("[.!?\\s]+$", "");
        s = s.replaceAll("^[,:;\\-\\s]+", "");
        return s;
    }

    /** The body without its subject ("responses that", "tool calls whose", "it"). */
    public static String stripSubject(String normalized) {
        Matcher m = SUBJECT.matcher(normalized);
        String s = m.find() ? normalized.substring(m.end()) : normalized;
        return s.isBlank() ? normalized : s;
    }

    public static List<Fragment> parse(String body) {
        String s = stripSubject(normalize(body));
        List<Fragment> out = new ArrayList<>();
        Matcher m = MARKER.matcher(s);
        int start = 0;
        boolean negated = false;
        Role role = Role.MAIN;
        String scope = null;
        String pendingCondition = null;
        while (true) {
            boolean found = m.find();
            int end = found ? m.start() : s.length();
            String piece = s.substring(start, end).strip().replaceAll("^[,;:\\s]+|(?:[,;:\\s]|\\b(?:and|or|but)\\b)+$", "").strip();
            if (!piece.isEmpty()) {
                if (CONDITION.matcher(piece).find() && piece.indexOf(',') < 0 && found && m.group("bound") == null && pendingCondition == null
                        && out.isEmpty() && !negated) {
                    // "when the sources lack the answer, it says so": the condition belongs to what follows; keep them together.
                    pendingCondition = piece;
                } else {
                    String text = pendingCondition == null ? piece : pendingCondition + ", " + piece;
                    pendingCondition = null;
                    add(out, text, negated, role, scope);
                }
            }
            if (!found) {
                break;
            }
            if (m.group("neg") != null) {
                negated = true;
                scope = m.group("neg").replace(",", "").strip();
            } else {
                String b = m.group("bound").strip();
                negated = false;
                scope = null;
                role = b.startsWith("so") || b.startsWith(", so") ? Role.PURPOSE : role == Role.PURPOSE && b.startsWith("and") ? Role.PURPOSE : Role.MAIN;
            }
            start = m.end();
        }
        if (pendingCondition != null) {
            add(out, pendingCondition, false, role, null);
        }
        return out;
    }

    private static void add(List<Fragment> out, String text, boolean negated, Role role, String scope) {
        String t = text;
        boolean neg = negated;
        // Strip leading predicate negations, each one flipping: "does not fail to cite" is "cite".
        for (int i = 0; i < 3; i++) {
            Matcher n = PREDICATE_NEGATION.matcher(t);
            if (!n.find() || n.end() >= t.length()) {
                break;
            }
            t = t.substring(n.end()).strip();
            neg = !neg;
            if (scope == null) {
                scope = "not";
            }
        }
        t = t.replaceFirst("^(?:(?:it|they|that|which|who)\\s+)", "");
        if (!t.isBlank()) {
            out.add(new Fragment(t, neg, role, scope));
        }
    }
}

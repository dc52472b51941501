package ai.composo.cli.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A judge's explanation split for a reader: a plain part, and the judge's internals. For the embedded judge's
 * "Score 0.34 by the embedded judge (engine; criterion read as: …). Signals: grounding=0.34 (2 of 2 sentences
 * unsupported by the context); criterion_similarity=… Confidence 0.61." the plain part is the verdict with the
 * leading signal's note ("Score 0.34 by the embedded judge: 2 of 2 sentences unsupported by the context.
 * Confidence 0.61.") and the internals are the engine and reading, then every signal, one per entry.
 * Explanations without a signals list are all plain.
 */
public record ExplanationParts(String plain, List<String> internals) {
    private static final String SIGNALS = " Signals: ";
    private static final String CONFIDENCE = ". Confidence ";

    public ExplanationParts {
        internals = List.copyOf(internals);
    }

    public static ExplanationParts of(String explanation) {
        if (explanation == null) {
            return new ExplanationParts("", List.of());
        }
        int start = explanation.indexOf(SIGNALS);
        if (start < 0) {
            return new ExplanationParts(explanation, List.of());
        }
        int end = explanation.lastIndexOf(CONFIDENCE);
        String list = end > start ? explanation.substring(start + SIGNALS.length(), end) : explanation.substring(start + SIGNALS.length());
        String rest = end > start ? explanation.substring(end + 2) : "";
        List<String> signals = splitTopLevel(list);
        String head = explanation.substring(0, start);
        List<String> internals = new ArrayList<>(signals.size() + 1);
        int open = head.indexOf(" (");
        if (open > 0 && head.endsWith(").")) {
            internals.add(head.substring(open + 2, head.length() - 2));
            head = head.substring(0, open);
        } else if (head.endsWith(".")) {
            head = head.substring(0, head.length() - 1);
        }
        String note = signals.isEmpty() ? null : note(signals.get(0));
        internals.addAll(signals);
        String plain = head + (note == null ? "" : ": " + note) + "." + (rest.isEmpty() ? "" : " " + rest);
        return new ExplanationParts(plain, internals);
    }

    /** The note of "name=0.34 (note)", or null. */
    private static String note(String signal) {
        int open = signal.indexOf(" (");
        return open > 0 && signal.endsWith(")") ? signal.substring(open + 2, signal.length() - 1) : null;
    }

    /** Splits at "; " outside parentheses: a signal's note may itself hold semicolons. */
    private static List<String> splitTopLevel(String list) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int from = 0;
        for (int i = 0; i < list.length(); i++) {
            char c = list.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth = Math.max(0, depth - 1);
            } else if (c == ';' && depth == 0) {
                out.add(list.substring(from, i).trim());
                from = i + 1;
            }
        }
        String last = list.substring(from).trim();
        if (last.endsWith(".")) {
            last = last.substring(0, last.length() - 1);
        }
        if (!last.isEmpty()) {
            out.add(last);
        }
        return out;
    }
}

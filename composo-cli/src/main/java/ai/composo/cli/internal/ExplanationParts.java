package ai.composo.cli.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A judge's explanation split for a reader: the plain part, and the judge's internals (the embedded judge's
 * "Signals: a=0.6 (...); b=0.2 (...)" list, one signal per entry). Explanations without a signals list are
 * all plain.
 */
public record ExplanationParts(String plain, List<String> signals) {
    private static final String SIGNALS = " Signals: ";
    private static final String CONFIDENCE = ". Confidence ";

    public ExplanationParts {
        signals = List.copyOf(signals);
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
        String plain = explanation.substring(0, start) + (rest.isEmpty() ? "" : " " + rest);
        return new ExplanationParts(plain, splitTopLevel(list));
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

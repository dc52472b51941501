package ai.composo.judge.embedded.internal.signals;

import ai.composo.judge.embedded.internal.Text;

/** Generic relevance to the request: embedding closeness and the expected kind of answer. Nudges, never decides. */
final class RelevanceSignal {
    private RelevanceSignal() {}

    static Signal measure(Evidence e, double weight) {
        double cos = e.embedder().similarity(e.question(), e.response());
        double v = Text.ramp(cos, 0.35, 0.8);
        Double type = AnswerType.of(e.question(), e.response());
        String note = "cosine " + Text.round(cos) + " to the user's request";
        if (type != null) {
            v = 0.6 * v + 0.4 * type;
            note += ", expected kind of answer " + (type >= 0.99 ? "present" : type <= 0.01 ? "absent" : Text.round(type));
        }
        return Signal.generic("relevance", v, weight, 0.5, note);
    }
}

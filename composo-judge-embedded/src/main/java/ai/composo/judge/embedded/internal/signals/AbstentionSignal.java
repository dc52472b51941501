package ai.composo.judge.embedded.internal.signals;

import ai.composo.judge.embedded.internal.Text;
import ai.composo.judge.embedded.internal.reading.Family;

/**
 * Abstention: when the sources do not hold the answer, the response should say so rather than answer; when they
 * do, an answer grounded in them is right. Whether the sources hold the answer is read from how close the best
 * passage is to the request and, for questions that want a number or a name, whether that passage has one.
 */
final class AbstentionSignal implements FamilySignal {
    private final GroundingSignal grounding = new GroundingSignal();

    @Override
    public Family family() {
        return Family.ABSTENTION;
    }

    @Override
    public Signal measure(Evidence e) {
        boolean abstains = Cues.NOT_IN_SOURCES.matcher(e.response()).find() || Cues.refusalStrength(e.embedder(), e.response()) >= 0.8;
        if (!e.hasSources()) {
            // Without sources the condition ("when the sources lack the answer") cannot arise: nothing to hold against it.
            double v = abstains ? 0.6 : 0.65;
            return Signal.of(family(), v, 0.6, 0.2, "no sources to tell whether the answer is available"
                    + (abstains ? "; the response says it does not know" : ""));
        }
        double best = e.bestPassageSimilarity();
        Double kind = null;
        for (int p : e.answeringPassages(2, 0.03)) {
            Double k = AnswerType.of(e.request(), e.contextSentences().get(p));
            if (k != null && (kind == null || k > kind)) {
                kind = k;
            }
        }
        double answerable = Text.clamp01(0.7 * Text.ramp(best, 0.55, 0.8) + 0.3 * (kind == null ? 0.5 : kind));
        Signal g = grounding.measure(e);
        double v;
        String note;
        if (abstains) {
            v = 1 - 0.6 * answerable;
            note = "the response says the information is not available; the sources " + (answerable >= 0.5 ? "seem to hold the answer" : "do not seem to hold it");
        } else {
            // Answering is right when the sources hold the answer, and only as far as the answer keeps to them.
            v = answerable * (0.15 + 0.85 * g.value()) + (1 - answerable) * 0.35 * g.value();
            note = "the response answers; the sources " + (answerable >= 0.5 ? "seem to hold the answer" : "do not seem to hold it") + "; " + g.note();
        }
        return Signal.of(family(), Text.clamp01(v), 1.0, 0.55, note + String.format(java.util.Locale.ROOT, " (answerable %.2f)", answerable));
    }
}

package ai.composo.judge.embedded.internal.signals;

import ai.composo.judge.embedded.internal.Text;
import ai.composo.judge.embedded.internal.reading.Family;
import java.util.Set;

/**
 * Factual accuracy: agreement with the reference answer when there is one (meaning, terms and numbers); else the
 * claim-level check against the sources; with neither, the judge cannot check facts and says so (low confidence).
 */
final class FactualSignal implements FamilySignal {
    private final GroundingSignal grounding = new GroundingSignal();

    @Override
    public Family family() {
        return Family.FACTUAL;
    }

    @Override
    public Signal measure(Evidence e) {
        String reference = e.view().reference();
        if (reference != null && !reference.isBlank()) {
            double cos = e.embedder().similarity(reference, e.response());
            Set<String> refTerms = Text.contentTerms(reference);
            double lex = Text.coverage(refTerms, Text.contentTerms(e.response()));
            Set<String> refNums = Claims.numbers(reference);
            Set<String> respNums = Claims.numbers(e.response());
            double numAgree = refNums.isEmpty() ? 1 : refNums.stream().filter(respNums::contains).count() / (double) refNums.size();
            long extraNums = respNums.stream().filter(n -> !refNums.contains(n)).count();
            double v = (0.4 * Text.ramp(cos, 0.5, 0.9) + 0.3 * lex + 0.3 * numAgree) * (extraNums > 0 && numAgree < 1 ? 0.6 : 1);
            return Signal.of(family(), v, 1.0, 0.55,
                    "agreement with the reference answer: cosine " + Text.round(cos) + ", " + Text.round(lex) + " of its terms, "
                            + Text.round(numAgree) + " of its numbers");
        }
        if (e.hasSources()) {
            Signal g = grounding.measure(e);
            return Signal.of(family(), g.value(), 1.0, 0.45, "checked against the sources: " + g.note());
        }
        double hedges = Cues.count(Cues.HEDGE, e.response());
        double v = 0.5 + 0.2 * Text.ramp(e.embedder().similarity(e.user(), e.response()), 0.4, 0.8) - 0.05 * Math.min(2, hedges);
        return Signal.of(family(), v, 0.5, 0.1, "cannot verify facts without a reference; only relevance and hedging observed");
    }
}

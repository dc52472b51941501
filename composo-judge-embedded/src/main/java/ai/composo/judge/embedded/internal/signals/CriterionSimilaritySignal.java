package ai.composo.judge.embedded.internal.signals;

import ai.composo.judge.Criterion;
import ai.composo.judge.embedded.internal.Antonyms;
import ai.composo.judge.embedded.internal.Embedder;
import ai.composo.judge.embedded.internal.Text;
import java.util.HashSet;
import java.util.Set;

/**
 * Generic closeness of the response to the criterion's own statement (against its antonym-flipped form when one
 * exists), oriented by the criterion's polarity. The only evidence for out-of-family criteria; a nudge otherwise.
 */
final class CriterionSimilaritySignal {
    private CriterionSimilaritySignal() {}

    static final Set<String> GENERIC_CRITERION_TERMS = Set.of(
            "respons", "response", "answer", "assistant", "user", "question", "request", "provid", "provide", "includ", "include",
            "clear", "good", "well", "way", "appropriat", "appropriate", "mention", "explain", "explan", "reply",
            "agent", "output", "messag", "message", "information", "inform");

    static Signal measure(Evidence e, double weight) {
        String stmt = statementOf(e.criterion().body());
        String resp = e.response();
        String flipped = Antonyms.flip(stmt);
        float[] re = e.embedder().embed(resp);
        double pos = Embedder.cosine(re, e.embedder().embed(stmt));
        Set<String> bodyTerms = new HashSet<>(Text.contentTerms(stmt));
        bodyTerms.removeAll(GENERIC_CRITERION_TERMS);
        double lexical = bodyTerms.isEmpty() ? 0.5 : Text.coverage(bodyTerms, Text.contentTerms(resp));
        double v;
        String note;
        if (flipped != null) {
            double neg = Embedder.cosine(re, e.embedder().embed(flipped));
            v = 0.8 * Text.ramp(pos - neg, -0.06, 0.06) + 0.2 * lexical;
            note = "cosine " + Text.round(pos) + " to '" + Cues.abbreviate(stmt) + "' vs " + Text.round(neg) + " to '" + Cues.abbreviate(flipped) + "'";
        } else {
            v = 0.6 * Text.ramp(pos, 0.3, 0.7) + 0.4 * lexical;
            note = "cosine " + Text.round(pos) + " to '" + Cues.abbreviate(stmt) + "', " + Text.round(lexical) + " of its terms present";
        }
        double oriented = e.criterion().polarity() == Criterion.Polarity.POSITIVE ? v : 1 - v;
        return Signal.generic("criterion_similarity", oriented, weight, e.reading().outOfFamily() ? 0.25 : 0.4, note);
    }

    /** The body as a statement about the response, e.g. "cite the refund policy". */
    static String statementOf(String body) {
        String s = ai.composo.judge.embedded.internal.reading.ClauseParser.stripSubject(ai.composo.judge.embedded.internal.reading.ClauseParser.normalize(body));
        return s.isBlank() ? body : s;
    }
}

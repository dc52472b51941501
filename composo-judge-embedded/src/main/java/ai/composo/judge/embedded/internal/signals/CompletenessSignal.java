package ai.composo.judge.embedded.internal.signals;

import ai.composo.judge.embedded.internal.Text;
import ai.composo.judge.embedded.internal.reading.Family;
import java.util.List;
import java.util.Set;

/**
 * Completeness: how many of the request's terms the response addresses and, with sources, how much of the facts
 * in the passages that answer the request (their terms and numbers) it covers.
 */
final class CompletenessSignal implements FamilySignal {
    @Override
    public Family family() {
        return Family.COMPLETENESS;
    }

    @Override
    public Signal measure(Evidence e) {
        Set<String> respTerms = Text.contentTerms(e.response());
        Set<String> qTerms = Text.contentTerms(e.question());
        qTerms.removeAll(CriterionSimilaritySignal.GENERIC_CRITERION_TERMS);
        double qCov = Text.coverage(qTerms, respTerms);
        double ctxCov = 0.5;
        String note = Text.round(qCov) + " of the request's terms addressed";
        boolean docs = e.hasSources();
        if (docs) {
            List<Integer> passages = e.answeringPassages(4, 0.12);
            double sum = 0;
            int k = 0;
            Set<String> respNumbers = Claims.numbers(e.response());
            for (int i : passages) {
                String s = e.contextSentences().get(i);
                if (Text.contentTerms(s).size() < 3) {
                    continue;
                }
                Set<String> t = Text.contentTerms(s);
                t.removeAll(qTerms);
                double cov = Text.coverage(t, respTerms);
                Set<String> nums = Claims.numbers(s);
                if (!nums.isEmpty()) {
                    cov = 0.5 * cov + 0.5 * nums.stream().filter(respNumbers::contains).count() / (double) nums.size();
                }
                sum += cov;
                k++;
            }
            if (k > 0) {
                ctxCov = sum / k;
                note += ", " + Text.round(ctxCov) + " of the key context facts covered";
            }
        }
        int words = Text.wordCount(e.response());
        double lengthPart = Text.ramp(words, 4, 60);
        double v = docs ? 0.25 * qCov + 0.55 * Text.ramp(ctxCov, 0, 0.7) + 0.2 * lengthPart : 0.55 * qCov + 0.45 * lengthPart;
        return Signal.of(family(), v, 1.0, docs ? 0.5 : 0.3, note + ", " + words + " words");
    }
}

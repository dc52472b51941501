package ai.composo.judge.embedded.internal.signals;

import ai.composo.judge.embedded.internal.Embedder;
import ai.composo.judge.embedded.internal.Text;
import ai.composo.judge.embedded.internal.reading.Family;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Precision (relevance): how close each response sentence is to the request, whether the expected kind of answer is
 * there, and, with sources, how much of the response comes from the passages that answer the request rather than
 * from neighbouring material.
 */
final class PrecisionSignal implements FamilySignal {
    @Override
    public Family family() {
        return Family.PRECISION;
    }

    @Override
    public Signal measure(Evidence e) {
        List<String> sentences = e.responseSentences();
        if (sentences.isEmpty() || e.user().isBlank()) {
            return Signal.of(family().signal, 0.5, 0.5, 0.2, "nothing to compare");
        }
        float[] q = e.embedder().embed(e.user());
        List<float[]> vecs = e.embedder().embedAll(sentences);
        double sum = 0;
        int offTopic = 0;
        int judged = 0;
        for (int i = 0; i < sentences.size(); i++) {
            if (Text.contentTerms(sentences.get(i)).size() < 3 && sentences.size() > 1) {
                continue;
            }
            judged++;
            double rel = Text.ramp(Embedder.cosine(q, vecs.get(i)), 0.35, 0.65);
            if (rel < 0.35) {
                offTopic++;
            }
            sum += rel;
        }
        double whole = Text.ramp(e.embedder().similarity(e.user(), e.response()), 0.4, 0.8);
        Double type = AnswerType.of(e.user(), e.response());
        if (type != null) {
            whole = 0.5 * whole + 0.5 * type;
        }
        double v = judged == 0 ? whole : 0.6 * (sum / judged) + 0.4 * whole;
        double focus = focus(e, q);
        v = 0.5 * v + 0.5 * focus;
        String note = offTopic + " of " + judged + " sentences off the request's topic, " + Text.round(1 - focus)
                + " of its words in parts further from the request than its best part";
        if (e.hasSources()) {
            List<Integer> passages = e.answeringPassages(3, 0.04);
            if (!passages.isEmpty()) {
                Set<String> relevant = new HashSet<>(Text.contentTerms(e.user()));
                for (int p : passages) {
                    relevant.addAll(Text.contentTerms(e.contextSentences().get(p)));
                }
                double share = Text.coverage(Text.contentTerms(e.response()), relevant);
                v = 0.4 * v + 0.6 * Text.ramp(share, 0.3, 0.9);
                note += ", " + Text.round(share) + " of its terms come from the passages that answer the question";
            }
        }
        return Signal.of(family().signal, v, 1.0, 0.5, note);
    }

    private static final java.util.regex.Pattern CLAUSE = java.util.regex.Pattern.compile("(?<=[.!?;])\\s+|,\\s+(?:and\\s+)?|\\s+and\\s+(?=\\w+s\\b)|\\n+");

    /**
     * Share of the response's words in clauses about as close to the request as its closest clause: an answer that
     * also lists neighbouring details ("It also drops Python 3.8, adds a CSV exporter, …") loses focus.
     */
    static double focus(Evidence e, float[] q) {
        List<String> clauses = new java.util.ArrayList<>();
        for (String c : CLAUSE.split(e.response())) {
            if (Text.contentTerms(c).size() >= 2) {
                clauses.add(c.strip());
            }
        }
        if (clauses.size() < 2) {
            return 1;
        }
        List<float[]> vecs = e.embedder().embedAll(clauses);
        double best = -1;
        double[] sims = new double[clauses.size()];
        for (int i = 0; i < clauses.size(); i++) {
            sims[i] = Embedder.cosine(q, vecs.get(i));
            best = Math.max(best, sims[i]);
        }
        double total = 0;
        double near = 0;
        for (int i = 0; i < clauses.size(); i++) {
            int w = Text.wordCount(clauses.get(i));
            total += w;
            near += w * Text.ramp(sims[i], best - 0.15, best - 0.05);
        }
        return total == 0 ? 1 : near / total;
    }
}

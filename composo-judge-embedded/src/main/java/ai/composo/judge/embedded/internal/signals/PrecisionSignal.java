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
            return Signal.of(family(), 0.5, 0.5, 0.2, "nothing to compare");
        }
        float[] q = e.embedder().embed(e.question());
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
        double whole = Text.ramp(e.embedder().similarity(e.question(), e.response()), 0.4, 0.8);
        Double type = AnswerType.of(e.question(), e.response());
        if (type != null) {
            whole = 0.5 * whole + 0.5 * type;
        }
        // A bare answer ("4", "Paris") carries nothing beside the point; its embedding is simply far from any question.
        boolean bare = Text.wordCount(e.response()) <= 5;
        if (bare) {
            whole = Math.max(whole, type == null ? 0.9 : 0.5 + 0.45 * type);
            sum = Math.max(sum, judged * whole);
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
                double onPoint = onPoint(e, sentences, vecs, passages);
                v = 0.4 * v + 0.3 * Text.ramp(share, 0.3, 0.9) + 0.3 * onPoint;
                note += ", " + Text.round(share) + " of its terms come from the passages that answer the question, "
                        + Text.round(onPoint) + " of its words restate those passages rather than neighbouring ones";
            }
        }
        return Signal.of(family(), v, 1.0, 0.5, note);
    }

    /** Share of the response's words in sentences whose closest source sentence is one that answers the request. */
    private static double onPoint(Evidence e, List<String> sentences, List<float[]> vecs, List<Integer> answering) {
        List<float[]> ctx = e.contextVectors();
        double total = 0;
        double on = 0;
        for (int i = 0; i < sentences.size(); i++) {
            int w = Text.wordCount(sentences.get(i));
            if (Text.contentTerms(sentences.get(i)).size() < 2 || ctx.isEmpty()) {
                continue;
            }
            int best = -1;
            double bestSim = -1;
            for (int j = 0; j < ctx.size(); j++) {
                double c = Embedder.cosine(vecs.get(i), ctx.get(j));
                if (c > bestSim) {
                    bestSim = c;
                    best = j;
                }
            }
            total += w;
            // A sentence that matches no source sentence well is judged by the other signals, not as neighbouring material.
            if (answering.contains(best) || bestSim < 0.7) {
                on += w;
            }
        }
        return total == 0 ? 1 : on / total;
    }

    private static final java.util.regex.Pattern CLAUSE = java.util.regex.Pattern.compile("(?<=[.!?;])\\s+|,\\s+(?:and\\s+)?|\\s+and\\s+(?=\\w+s\\b)|\\n+");

    /**
     * Share of the response's words in clauses about as close to the request as its closest clause: an answer that
     * also lists neighbouring details ("It also drops Python 3.8, adds a CSV exporter, …") loses focus.
     */
    static double focus(Evidence e, float[] q) {
        List<String> clauses = new java.util.ArrayList<>();
        // Several sentences: their own vectors (already computed) tell which stray; one long sentence: its clauses.
        List<String> sentences = e.responseSentences();
        boolean bySentence = sentences.size() >= 2;
        for (String c : bySentence ? sentences.toArray(String[]::new) : CLAUSE.split(e.response())) {
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

package ai.composo.judge.embedded.internal.signals;

import ai.composo.judge.embedded.internal.Embedder;
import ai.composo.judge.embedded.internal.Text;
import ai.composo.judge.embedded.internal.reading.Family;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Claim-level grounding: every response sentence is checked against the sources (system prompt, documents, tool
 * results). A number or a named entity the sources do not contain makes its sentence unsupported whatever its
 * wording; so does a sentence that matches a source sentence but flips its negation. Other sentences are supported
 * by how many of their terms the sources hold and how close they are to a source sentence. A bare short answer
 * ("Paris") is looked up in the passage that answers the question.
 */
final class GroundingSignal implements FamilySignal {
    @Override
    public Family family() {
        return Family.GROUNDING;
    }

    private static final java.util.regex.Pattern QUESTION = java.util.regex.Pattern.compile("\\?\\s*$");

    /** Support of each judged sentence in [0, 1], with its text; empty when there is nothing to check. */
    record Sentence(String text, double support, String problem) {}

    @Override
    public Signal measure(Evidence e) {
        return e.grounding(() -> judgeAll(e));
    }

    private Signal judgeAll(Evidence e) {
        if (!e.hasSources()) {
            return Signal.of(family(), 0.5, 0.5, 0.1, "no context, tool result or document to ground in");
        }
        List<Sentence> judged = judge(e);
        if (judged.isEmpty()) {
            return Signal.of(family(), 0.6, 0.5, 0.3, "no factual claim to check");
        }
        double total = 0;
        double weight = 0;
        double min = 1;
        int unsupported = 0;
        List<String> problems = new ArrayList<>();
        for (Sentence s : judged) {
            double w = Math.max(1, Math.min(12, Text.contentTerms(s.text()).size()));
            total += w * s.support();
            weight += w;
            min = Math.min(min, s.support());
            if (s.support() < 0.5) {
                unsupported++;
                if (s.problem() != null && problems.size() < 2) {
                    problems.add(s.problem());
                }
            }
        }
        double v = 0.6 * total / weight + 0.4 * min;
        String note = unsupported + " of " + judged.size() + " sentences unsupported by the context"
                + (problems.isEmpty() ? "" : " (" + String.join("; ", problems) + ")");
        return Signal.of(family(), v, 1.0, 0.65, note);
    }

    static List<Sentence> judge(Evidence e) {
        String sources = e.view().context();
        Set<String> srcTerms = Text.contentTerms(sources);
        Set<String> srcWords = Claims.wordSet(sources);
        Set<String> srcNumbers = Claims.sourceNumbers(sources);
        Set<String> userNumbers = Claims.sourceNumbers(e.user());
        Set<String> userWords = Claims.wordSet(e.user());
        List<String> ctx = e.contextSentences();
        List<float[]> ctxVecs = e.contextVectors();
        List<String> sentences = e.responseSentences();
        // Numbers a response may compute with: the sources', the user's, and the counts it names itself.
        Set<String> operands = new java.util.LinkedHashSet<>(srcNumbers);
        operands.addAll(userNumbers);
        operands.addAll(Claims.counts(e.user()));
        operands.addAll(Claims.counts(e.response()));
        List<float[]> vecs = e.embedder().embedAll(sentences);
        boolean shortAnswer = Text.wordCount(e.response()) <= 6;
        List<Sentence> out = new ArrayList<>();
        for (int i = 0; i < sentences.size(); i++) {
            String s = sentences.get(i);
            Set<String> terms = Text.contentTerms(s);
            Set<String> numbers = Claims.numbers(s);
            Set<String> entities = Claims.entities(s);
            if ((terms.isEmpty() && numbers.isEmpty()) || (QUESTION.matcher(s).find() && numbers.isEmpty() && entities.isEmpty())) {
                continue; // a question to the user claims nothing
            }
            if (terms.size() < 3 && numbers.isEmpty() && entities.isEmpty() && !shortAnswer) {
                continue; // "Hope this helps!" makes no claim
            }
            Set<String> novelNumbers = new HashSet<>(numbers);
            novelNumbers.removeAll(srcNumbers);
            novelNumbers.removeAll(userNumbers);
            novelNumbers.removeIf(n -> Claims.derivable(n, operands));
            List<String> novelEntities = new ArrayList<>();
            for (String ent : entities) {
                if (!Claims.contains(srcWords, ent) && !Claims.contains(userWords, ent)) {
                    novelEntities.add(ent);
                }
            }
            if (shortAnswer && sentences.size() == 1) {
                out.add(shortAnswer(e, s, numbers, entities, terms, novelNumbers, novelEntities));
                continue;
            }
            Set<String> known = new HashSet<>(srcTerms);
            known.addAll(Text.contentTerms(e.user()));
            double lex = Text.coverage(terms, known);
            double sem = 0;
            int best = -1;
            for (int j = 0; j < ctxVecs.size(); j++) {
                double c = Embedder.cosine(vecs.get(i), ctxVecs.get(j));
                if (c > sem) {
                    sem = c;
                    best = j;
                }
            }
            double support = 0.55 * Text.ramp(lex, 0.3, 0.9) + 0.45 * Text.ramp(sem, 0.55, 0.85);
            String problem = null;
            // A number written out ("three") may be a count of what the user listed: it weighs like a name, not a figure.
            Set<String> novelWords = new HashSet<>(Claims.numberWords(s));
            novelWords.removeAll(srcNumbers);
            novelWords.removeAll(userNumbers);
            novelWords.removeAll(Claims.counts(e.user()));
            if (!novelNumbers.isEmpty()) {
                support = Math.min(support, 0.15);
                problem = "the number " + novelNumbers.iterator().next() + " is not in the sources";
            } else if (!novelWords.isEmpty()) {
                support = Math.min(support, 0.45);
                problem = "the number " + novelWords.iterator().next() + " is not in the sources";
            } else if (!novelEntities.isEmpty()) {
                double share = novelEntities.size() / (double) Math.max(1, entities.size());
                support = Math.min(support, 0.45 - 0.25 * share);
                problem = "'" + novelEntities.get(0) + "' is not in the sources";
            } else if (best >= 0 && sem >= 0.8 && Claims.negated(s) != Claims.negated(ctx.get(best))) {
                support *= 0.45;
                problem = "it reverses what the sources say";
            }
            out.add(new Sentence(s, support, problem));
        }
        return out;
    }

    /** A bare answer ("Paris", "On 25 December 2021.") is supported by the passage that answers the question. */
    private static Sentence shortAnswer(Evidence e, String s, Set<String> numbers, Set<String> entities, Set<String> terms,
                                        Set<String> novelNumbers, List<String> novelEntities) {
        if (!novelNumbers.isEmpty() || (!entities.isEmpty() && novelEntities.size() == entities.size())) {
            return new Sentence(s, 0.1, "'" + s.strip() + "' is not in the sources");
        }
        List<Integer> passages = e.answeringPassages(2, 0.03);
        StringBuilder answering = new StringBuilder();
        for (int p : passages) {
            answering.append(e.contextSentences().get(p)).append(' ');
        }
        Set<String> passageWords = Claims.wordSet(answering.toString());
        Set<String> passageNumbers = Claims.sourceNumbers(answering.toString());
        Set<String> keys = new HashSet<>(entities);
        if (keys.isEmpty()) {
            keys.addAll(terms);
        }
        int found = 0;
        for (String k : keys) {
            if (Claims.contains(passageWords, k) || passageWords.contains(k)) {
                found++;
            }
        }
        int numFound = (int) numbers.stream().filter(passageNumbers::contains).count();
        int total = keys.size() + numbers.size();
        double share = total == 0 ? 0.5 : (found + numFound) / (double) total;
        double support = 0.2 + 0.8 * share;
        return new Sentence(s, support, share < 0.5 ? "'" + s.strip() + "' is not what the passage answering the question says" : null);
    }
}

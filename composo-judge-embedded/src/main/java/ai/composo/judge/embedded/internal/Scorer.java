package ai.composo.judge.embedded.internal;

import ai.composo.judge.Criterion;
import ai.composo.judge.JudgeRequest;
import ai.composo.judge.Verdict;
import ai.composo.judge.embedded.internal.reading.CriterionReader;
import ai.composo.judge.embedded.internal.reading.CriterionReader.Reading;
import ai.composo.judge.embedded.internal.reading.Family;
import ai.composo.judge.embedded.internal.signals.Aggregator;
import ai.composo.judge.embedded.internal.signals.Evidence;
import ai.composo.judge.embedded.internal.signals.Explanation;
import ai.composo.judge.embedded.internal.signals.Signal;
import ai.composo.judge.embedded.internal.signals.Signals;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a request becomes a verdict, in one place: the criterion is read ({@link CriterionReader}), the conversation
 * is viewed ({@link View}), each judged assistant turn is measured by the families the reading names
 * ({@link Signals}), the signals are oriented and weighted ({@link Aggregator}), and the verdict is explained
 * ({@link Explanation}). A pure function of its input (plus the deterministic embedder).
 */
public final class Scorer {
    private final Embedder embedder;
    private final CriterionReader reader;
    private final String judgeName;

    public Scorer(Embedder embedder, CriterionReader reader, String judgeName) {
        this.embedder = embedder;
        this.reader = reader;
        this.judgeName = judgeName;
    }

    public Reading read(Criterion criterion) {
        return reader.read(criterion);
    }

    public Verdict score(JudgeRequest request) {
        Criterion criterion = request.criterion();
        Reading reading = reader.read(criterion);
        View view = View.of(request);
        boolean toolTarget = criterion.target() == Criterion.Target.TOOL_CALL;
        boolean agentTarget = criterion.target() == Criterion.Target.AGENT;

        if (view.exchanges().isEmpty()) {
            return notApplicable(request, "there is no assistant turn to judge", "The assistant has not replied yet.");
        }
        boolean anyCall = view.exchanges().stream().anyMatch(e -> !e.calls().isEmpty());
        if (toolTarget && !anyCall) {
            return notApplicable(request, "the criterion is about a tool call and the judged assistant turn makes none",
                    "The assistant's reply makes no tool call.");
        }
        boolean anyText = view.exchanges().stream().anyMatch(e -> !e.response().isBlank());
        if (!anyText && !toolTarget && !agentTarget && !reading.has(Family.TOOL)) {
            return notApplicable(request, "the judged assistant turn has no text to judge (it only calls tools)",
                    "The assistant's reply only calls tools and says nothing to the user.");
        }

        Map<String, double[]> sums = new LinkedHashMap<>();
        Map<String, String> lastNote = new LinkedHashMap<>();
        double scoreSum = 0;
        double confSum = 0;
        int n = 0;
        // Each exchange is judged on its own; the verdict is their mean (evaluate_latest=false judges them all).
        for (View.Exchange ex : view.exchanges()) {
            if ((ex.response().isBlank() && ex.calls().isEmpty()) || (toolTarget && ex.calls().isEmpty())) {
                continue;
            }
            List<Signal> signals = Signals.measure(new Evidence(embedder, view, ex, request.tools(), reading));
            Aggregator.Outcome o = Aggregator.combine(reading, criterion.isPassFail(), signals);
            for (Signal s : signals) {
                double[] a = sums.computeIfAbsent(s.name(), k -> new double[2]);
                a[0] += s.value();
                a[1] += 1;
                lastNote.put(s.name(), s.note());
            }
            if (!o.applied()) {
                continue;
            }
            scoreSum += o.score();
            confSum += o.confidence();
            n++;
        }
        if (n == 0) {
            return notApplicable(request, "nothing in the judged turns matches what the criterion is about", null);
        }
        double score = Text.clamp01(scoreSum / n);
        double confidence = Text.clamp01(confSum / n) * (0.5 + 0.5 * reading.confidence());
        List<String> notes = new ArrayList<>();
        if (reading.outOfFamily()) {
            confidence = Math.min(confidence, 0.2);
            notes.add("the criterion is outside what the embedded judge measures (no family matched"
                    + (reading.unread().isEmpty() ? "" : "; nearest known phrasing: '" + reading.unread().get(0).nearest() + "'")
                    + "), so the score only reflects similarity to its wording and relevance to the request, which is close to chance; "
                    + "use an LLM judge for it");
        }
        if (reading.has(Family.FACTUAL) && view.reference() == null && !view.hasSources()) {
            notes.add("factual accuracy cannot be checked without a reference or source documents");
        }

        List<Explanation.SignalSummary> summaries = new ArrayList<>();
        Map<String, Object> signalValues = new LinkedHashMap<>();
        Map<String, Double> means = new LinkedHashMap<>();
        sums.forEach((name, a) -> {
            double mean = Text.round3(a[0] / a[1]);
            summaries.add(new Explanation.SignalSummary(name, mean, lastNote.get(name)));
            signalValues.put(name, mean);
            means.put(name, mean);
        });
        String text = Explanation.of(reading, score, confidence, summaries, notes, n);
        Verdict v = criterion.isPassFail() ? Verdict.passed(score >= 0.5, text) : Verdict.score(Text.round3(score), text);
        if (request.endUserExplanation()) {
            v = v.withCleanedExplanation(EndUserText.of(v, reading.parts().stream().map(CriterionReader.Part::family).toList(), means));
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("judge", judgeName);
        meta.put("confidence", Text.round3(confidence));
        meta.put("raw_score", Text.round3(score));
        meta.put("signals", signalValues);
        meta.put("families", reading.parts().stream().map(p -> p.family().signal).toList());
        meta.put("reading", Explanation.readingMetadata(reading));
        return v.withMetadata(meta);
    }

    private Verdict notApplicable(JudgeRequest request, String why, String plainWhy) {
        Verdict v = Verdict.notApplicable("Not applicable (embedded judge): " + why + ".")
                .withMetadata(Map.of("judge", judgeName, "confidence", 0.9, "signals", Map.of()));
        return request.endUserExplanation()
                ? v.withCleanedExplanation(v.plainOutcome() + (plainWhy == null ? "" : " " + plainWhy)) : v;
    }
}

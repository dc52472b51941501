package ai.composo.judge.embedded.internal.signals;

import ai.composo.judge.Criterion;
import ai.composo.judge.embedded.internal.Embedder;
import ai.composo.judge.embedded.internal.Text;
import ai.composo.judge.embedded.internal.reading.CriterionReader.Reading;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The judge's explanation of a verdict: what it read the criterion as, the signals it measured, its confidence. */
public final class Explanation {
    private Explanation() {}

    /** Mean value of each signal over the judged turns, with the last turn's note. */
    public record SignalSummary(String name, double mean, String note) {}

    public static String of(Reading reading, double score, double confidence, List<SignalSummary> signals, List<String> notes, int turns) {
        Criterion criterion = reading.criterion();
        StringBuilder expl = new StringBuilder();
        for (SignalSummary s : signals) {
            if (expl.length() > 0) {
                expl.append("; ");
            }
            expl.append(s.name()).append('=').append(Text.round(s.mean()));
            if (s.note() != null && !s.note().isBlank()) {
                expl.append(" (").append(s.note()).append(')');
            }
        }
        String head = criterion.isPassFail() ? (score >= 0.5 ? "Passes" : "Fails") : "Score " + Text.round(score);
        return head + " by the embedded judge (" + Embedder.MODEL_NAME + " embeddings + heuristics; criterion read as: "
                + reading.summary() + ", polarity " + criterion.polarity().name().toLowerCase(Locale.ROOT) + "). Signals: " + expl
                + ". Confidence " + Text.round(confidence) + (notes.isEmpty() ? "." : "; " + String.join("; ", notes) + ".")
                + (turns > 1 ? " Mean over " + turns + " assistant turns." : "");
    }

    /** The reading as metadata: families with their wanted direction and aspect, and the reading's confidence. */
    public static Map<String, Object> readingMetadata(Reading reading) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("summary", reading.summary());
        m.put("confidence", Text.round3(reading.confidence()));
        m.put("out_of_family", reading.outOfFamily());
        m.put("parts", reading.parts().stream().map(p -> {
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("family", p.family().signal);
            if (!p.aspect().isEmpty()) {
                pm.put("aspect", p.aspect());
            }
            pm.put("wanted", p.wanted() > 0 ? "more" : "less");
            pm.put("fragment", p.fragment());
            return pm;
        }).toList());
        return m;
    }
}

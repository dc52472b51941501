package ai.composo.judge.embedded.internal.signals;

import ai.composo.judge.embedded.internal.Text;
import ai.composo.judge.embedded.internal.reading.CriterionReader.Reading;
import java.util.List;

/**
 * Where a turn's signals become its score: each family signal is oriented by the direction the reading wants
 * (more of the good side, or less), the family signals decide through a soft minimum ("passes if A and B" needs
 * every one), and the generic signals (criterion similarity, relevance) only nudge.
 */
public final class Aggregator {
    private Aggregator() {}

    /** A turn's score and confidence, both in [0, 1]; empty weight means nothing applied. */
    public record Outcome(double score, double confidence, boolean applied) {}

    public static double oriented(Reading reading, Signal s) {
        if (s.family() == null) {
            return s.value();
        }
        return reading.wanted(s.family()) >= 0 ? s.value() : 1 - s.value();
    }

    public static Outcome combine(Reading reading, boolean passFail, List<Signal> signals) {
        double famW = 0;
        double famAcc = 0;
        double famMin = 1;
        double famConf = 0;
        double wsum = 0;
        double acc = 0;
        double csum = 0;
        for (Signal s : signals) {
            double o = oriented(reading, s);
            if (s.family() != null) {
                famAcc += s.weight() * o;
                famW += s.weight();
                famMin = Math.min(famMin, o);
                famConf += s.weight() * s.confidence();
            } else {
                acc += s.weight() * o;
                wsum += s.weight();
                csum += s.weight() * s.confidence();
            }
        }
        if (famW > 0) {
            double fam = 0.5 * famMin + 0.5 * famAcc / famW;
            double w = passFail ? 3.0 : 2.0;
            acc += w * fam;
            csum += w * famConf / famW;
            wsum += w;
        }
        if (wsum == 0) {
            return new Outcome(0.5, 0, false);
        }
        return new Outcome(Text.clamp01(acc / wsum), Text.clamp01(csum / wsum), true);
    }
}

package ai.composo.junit;

import java.util.List;
import java.util.Locale;

/** A check's attempts on one subject (the conversation, or one agent instance of a trace), over the repeats. */
record Outcome(Check check, String subject, List<Attempt> attempts, double minPassRate) {
    Outcome {
        attempts = List.copyOf(attempts);
    }

    long passes() {
        return attempts.stream().filter(a -> a.error() == null && check.passedBy(a.score())).count();
    }

    boolean passed() {
        return passes() >= Math.ceil(minPassRate * attempts.size() - 1e-9);
    }

    /** What went wrong, one fact a line, for the failure message (without the criterion's own line). */
    List<String> describe() {
        java.util.ArrayList<String> lines = new java.util.ArrayList<>();
        if (attempts.size() == 1) {
            Attempt a = attempts.get(0);
            if (a.error() != null) {
                lines.add("error: " + a.error());
            } else if (a.score() == null) {
                lines.add("did not apply to this conversation (no score)");
            } else {
                lines.add(!check.namesThreshold() ? "failed (score " + fmt(a.score()) + ")"
                        : "score " + fmt(a.score()) + ", needed at least " + fmt(check.threshold()) + check.thresholdNote());
            }
            if (a.explanation() != null && !a.explanation().isBlank()) {
                lines.add("explanation: " + a.explanation());
            }
            return lines;
        }
        double[] s = attempts.stream().filter(a -> a.score() != null).mapToDouble(Attempt::score).toArray();
        lines.add(String.format(Locale.ROOT, "%d of %d repeats passed (%s, needed %s)%s", passes(), attempts.size(),
                pct(passes() / (double) attempts.size()), pct(minPassRate),
                !check.namesThreshold() ? "" : " with a score of at least " + fmt(check.threshold()) + check.thresholdNote()));
        if (s.length > 0) {
            double mean = java.util.Arrays.stream(s).average().orElse(Double.NaN);
            double sd = s.length < 2 ? 0 : Math.sqrt(java.util.Arrays.stream(s).map(x -> (x - mean) * (x - mean)).sum() / (s.length - 1));
            lines.add(String.format(Locale.ROOT, "scores: mean %s, min %s, max %s, sd %s", fmt(mean),
                    fmt(java.util.Arrays.stream(s).min().orElseThrow()), fmt(java.util.Arrays.stream(s).max().orElseThrow()), fmt(sd)));
        }
        long errors = attempts.stream().filter(a -> a.error() != null).count();
        long na = attempts.stream().filter(a -> a.error() == null && a.score() == null).count();
        if (errors > 0) {
            lines.add(errors + " failed to evaluate, e.g. " + attempts.stream().filter(a -> a.error() != null).findFirst().orElseThrow().error());
        }
        if (na > 0) {
            lines.add(na + " did not apply (no score)");
        }
        attempts.stream().filter(a -> a.error() == null && !check.passedBy(a.score()) && a.explanation() != null && !a.explanation().isBlank())
                .min(java.util.Comparator.comparingDouble(a -> a.score() == null ? -1 : a.score()))
                .ifPresent(a -> lines.add("lowest: " + (a.score() == null ? "no score" : fmt(a.score())) + ": " + a.explanation()));
        return lines;
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.0f%%", v * 100);
    }
}

package ai.composo.cli.internal;

import java.util.List;
import java.util.Locale;

/** The end-of-run summary as plain text: the criteria, a table of figures and an ASCII histogram each. */
public final class SummaryTable {
    private static final int BAR_WIDTH = 40;

    private SummaryTable() {}

    public static String render(Summary summary, Double failUnder) {
        return render(summary, failUnder, java.util.Map.of());
    }

    /** {@code readings}: how the judge read each criterion (the embedded judge's reading), shown under it. */
    public static String render(Summary summary, Double failUnder, java.util.Map<String, String> readings) {
        List<CriterionSummary> rows = summary.criteria();
        StringBuilder sb = new StringBuilder();
        sb.append("Criteria:\n");
        for (int i = 0; i < rows.size(); i++) {
            sb.append(String.format(Locale.ROOT, "  [%d] %s%s%n", i + 1, rows.get(i).criterion(), rows.get(i).passFail() ? "  (pass/fail)" : ""));
            String reading = readings.get(rows.get(i).criterion());
            if (reading != null) {
                sb.append("      ").append(reading).append('\n');
            }
        }
        sb.append('\n');
        sb.append(String.format(Locale.ROOT, "%-5s %7s %7s %7s %7s %7s %7s %6s %7s%s%n",
                "", "n", "mean", "median", "p10", "p90", "pass", "n/a", "errors", failUnder == null ? "" : "  vs " + fmt(failUnder)));
        for (int i = 0; i < rows.size(); i++) {
            CriterionSummary c = rows.get(i);
            ScoreSketch s = c.scores();
            String verdict = "";
            if (failUnder != null) {
                verdict = c.scored() == 0 ? "  (no scores)" : c.mean() < failUnder ? "  FAIL" : "  ok";
            }
            sb.append(String.format(Locale.ROOT, "%-5s %7d %7s %7s %7s %7s %7s %6s %7d%s%n",
                    "[" + (i + 1) + "]", c.results(), fmt(s.mean()), fmt(s.quantile(0.5)), fmt(s.quantile(0.1)), fmt(s.quantile(0.9)),
                    c.passFail() && c.scored() > 0 ? pct(c.passed() / (double) c.scored()) : "-",
                    pct(c.notApplicableShare()), c.errors(), verdict));
        }
        if (summary.repeat() > 1) {
            sb.append(String.format(Locale.ROOT, "%nRepeatability (--repeat %d): spread of the scores each pair got%n", summary.repeat()));
            sb.append(String.format(Locale.ROOT, "%-5s %7s %9s %8s %10s %10s%n", "", "pairs", "mean std", "max std", "mean range", "max range"));
            for (int i = 0; i < rows.size(); i++) {
                CriterionSummary c = rows.get(i);
                sb.append(String.format(Locale.ROOT, "%-5s %7d %9s %8s %10s %10s   %s%n", "[" + (i + 1) + "]", c.spreadPairs(),
                        fmt(c.meanStd()), fmt(c.maxStd()), fmt(c.meanRange()), fmt(c.maxRange()),
                        c.spreadPairs() == 0 ? "" : c.unstablePairs() + " of " + c.spreadPairs() + " pairs varied"));
            }
        }
        for (int i = 0; i < rows.size(); i++) {
            CriterionSummary c = rows.get(i);
            if (c.scored() == 0) {
                continue;
            }
            if (c.passFail()) {
                long fail = c.scored() - c.passed();
                sb.append(String.format(Locale.ROOT, "%n[%d] pass %d / fail %d%n  pass %s%n  fail %s%n", i + 1, c.passed(), fail,
                        "#".repeat((int) Math.round(c.passed() * (double) BAR_WIDTH / c.scored())),
                        "#".repeat((int) Math.round(fail * (double) BAR_WIDTH / c.scored()))));
                continue;
            }
            sb.append(String.format(Locale.ROOT, "%n[%d] score histogram%n", i + 1));
            long[] h = c.scores().histogram(10);
            long max = 0;
            for (long v : h) {
                max = Math.max(max, v);
            }
            for (int b = 0; b < h.length; b++) {
                int width = max == 0 ? 0 : (int) Math.round(h[b] * (double) BAR_WIDTH / max);
                if (width == 0 && h[b] > 0) {
                    width = 1;
                }
                sb.append(String.format(Locale.ROOT, "  %.1f-%.1f %s %s %d%n", b / 10.0, (b + 1) / 10.0,
                        b == h.length - 1 ? "]" : ")", "#".repeat(width), h[b]));
            }
        }
        return sb.toString();
    }

    /** A figure with three decimals, "-" for none (NaN): every table and report of the CLI writes figures this way. */
    public static String fmt(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }

    static String pct(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.0f%%", v * 100);
    }
}

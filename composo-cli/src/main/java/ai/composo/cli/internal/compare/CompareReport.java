package ai.composo.cli.internal.compare;

import ai.composo.cli.internal.HtmlReport;
import ai.composo.cli.internal.InputException;
import ai.composo.cli.internal.SummaryTable;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** A {@link Comparison} as a terminal table and as a self-contained HTML page. */
public final class CompareReport {
    private CompareReport() {}

    public static String text(Comparison c, RunResults baseline, RunResults candidate) {
        StringBuilder sb = new StringBuilder();
        sb.append("Baseline:  ").append(describe(baseline)).append('\n');
        sb.append("Candidate: ").append(describe(candidate)).append('\n');
        for (String w : c.warnings()) {
            sb.append("WARNING: ").append(w).append('\n');
        }
        sb.append("\nCriteria:\n");
        List<Comparison.CriterionResult> rows = c.criteria();
        for (int i = 0; i < rows.size(); i++) {
            sb.append(String.format(Locale.ROOT, "  [%d] %s%s%n", i + 1, rows.get(i).criterion(), rows.get(i).passFail() ? "  (pass/fail)" : ""));
        }
        sb.append('\n');
        sb.append(String.format(Locale.ROOT, "%-5s %6s %9s %9s %8s %19s %9s  %s%n", "", "rows", "baseline", "candidate", "delta",
                "95% CI of delta", "p", "verdict"));
        for (int i = 0; i < rows.size(); i++) {
            Comparison.CriterionResult r = rows.get(i);
            sb.append(String.format(Locale.ROOT, "%-5s %6d %9s %9s %8s %19s %9s  %s%n", "[" + (i + 1) + "]", r.paired(),
                    SummaryTable.fmt(r.baselineMean()), SummaryTable.fmt(r.candidateMean()), signed(r.delta()),
                    Double.isNaN(r.ciLow()) ? "-" : "[" + signed(r.ciLow()) + ", " + signed(r.ciHigh()) + "]", p(r.p()), verdict(r, c.alpha())));
        }
        sb.append("\nTests: Wilcoxon signed-rank on the paired scores; exact McNemar on pass/fail verdicts; two-sided, alpha ")
                .append(SummaryTable.fmt(c.alpha())).append(".\n");
        for (Comparison.CriterionResult r : rows) {
            if (r.passFail() && !Double.isNaN(r.baselinePassRate())) {
                sb.append(String.format(Locale.ROOT, "  %s: pass rate %.0f%% → %.0f%% (%d rows pass → fail, %d fail → pass)%n",
                        short60(r.criterion()), 100 * r.baselinePassRate(), 100 * r.candidatePassRate(), r.passToFail(), r.failToPass()));
            }
            if (r.onlyBaseline() + r.onlyCandidate() > 0) {
                sb.append(String.format(Locale.ROOT, "  %s: %d rows only in the baseline (missing), %d only in the candidate (new)%n",
                        short60(r.criterion()), r.onlyBaseline(), r.onlyCandidate()));
            }
        }
        for (String s : c.criteriaInOneRunOnly()) {
            sb.append("  ").append(s).append('\n');
        }
        if (!c.regressedRows().isEmpty()) {
            sb.append("\nRows that regressed most:\n");
            for (Comparison.RowChange r : c.regressedRows()) {
                sb.append(String.format(Locale.ROOT, "  [%d] %-32s %s → %s (%s)%n", r.criterionNumber(), r.id(), SummaryTable.fmt(r.baseline()),
                        SummaryTable.fmt(r.candidate()), signed(r.delta())));
            }
        }
        if (!c.improvedRows().isEmpty()) {
            sb.append("\nRows that improved most:\n");
            for (Comparison.RowChange r : c.improvedRows()) {
                sb.append(String.format(Locale.ROOT, "  [%d] %-32s %s → %s (%s)%n", r.criterionNumber(), r.id(), SummaryTable.fmt(r.baseline()),
                        SummaryTable.fmt(r.candidate()), signed(r.delta())));
            }
        }
        return sb.toString();
    }

    public static void html(Comparison c, RunResults baseline, RunResults candidate, Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                w.write("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>composo compare</title><style>"
                        + "body{font:14px system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}"
                        + "td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}td.t,th.t{text-align:left;max-width:40em}"
                        + ".REGRESSED{background:#fdd}.IMPROVED{background:#dfd}.warn{background:#ffe9b3;padding:8px}"
                        + "</style></head><body>\n");
                w.write("<h1>composo compare</h1>\n<p>Baseline: <code>" + esc(describe(baseline)) + "</code><br>Candidate: <code>"
                        + esc(describe(candidate)) + "</code><br>Generated " + esc(Instant.now().toString()) + "</p>\n");
                for (String warning : c.warnings()) {
                    w.write("<p class=\"warn\">" + esc(warning) + "</p>\n");
                }
                w.write("<table id=\"criteria\"><thead><tr><th>#</th><th class=\"t\">criterion</th><th>rows</th><th>baseline</th>"
                        + "<th>candidate</th><th>delta</th><th>95% CI</th><th>test</th><th>p</th><th>verdict</th></tr></thead><tbody>\n");
                for (int i = 0; i < c.criteria().size(); i++) {
                    Comparison.CriterionResult r = c.criteria().get(i);
                    w.write("<tr class=\"" + r.verdict() + "\"><td>" + (i + 1) + "</td><td class=\"t\">" + esc(r.criterion()) + "</td><td>"
                            + r.paired() + "</td><td>" + SummaryTable.fmt(r.baselineMean()) + "</td><td>" + SummaryTable.fmt(r.candidateMean()) + "</td><td>"
                            + signed(r.delta()) + "</td><td>" + (Double.isNaN(r.ciLow()) ? "-" : signed(r.ciLow()) + " … " + signed(r.ciHigh()))
                            + "</td><td class=\"t\">" + esc(r.test()) + "</td><td>" + p(r.p()) + "</td><td class=\"t\">"
                            + esc(verdict(r, c.alpha())) + "</td></tr>\n");
                }
                w.write("</tbody></table>\n");
                rowsTable(w, "Rows that regressed most", "regressed", c.regressedRows());
                rowsTable(w, "Rows that improved most", "improved", c.improvedRows());
                w.write("</body></html>\n");
            }
        } catch (IOException e) {
            throw new InputException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void rowsTable(Writer w, String title, String id, List<Comparison.RowChange> rows) throws IOException {
        if (rows.isEmpty()) {
            return;
        }
        w.write("<h2>" + esc(title) + "</h2>\n<table id=\"" + id + "\"><thead><tr><th>#</th><th class=\"t\">row</th><th>baseline</th>"
                + "<th>candidate</th><th>delta</th></tr></thead><tbody>\n");
        for (Comparison.RowChange r : rows) {
            w.write("<tr><td>" + r.criterionNumber() + "</td><td class=\"t\">" + esc(r.id()) + "</td><td>" + SummaryTable.fmt(r.baseline()) + "</td><td>"
                    + SummaryTable.fmt(r.candidate()) + "</td><td>" + signed(r.delta()) + "</td></tr>\n");
        }
        w.write("</tbody></table>\n");
    }

    private static String describe(RunResults r) {
        if (r.manifest() == null) {
            return r.file() + " (no manifest)";
        }
        var m = r.manifest();
        return r.file() + " · run " + m.runId().substring(0, 8) + " · " + (m.startedAt() == null ? "" : m.startedAt() + " · ")
                + (m.judge() == null ? "" : m.judge().describe());
    }

    static String verdict(Comparison.CriterionResult r, double alpha) {
        return switch (r.verdict()) {
            case REGRESSED -> "REGRESSED (p < " + SummaryTable.fmt(alpha) + ")";
            case IMPROVED -> "improved (p < " + SummaryTable.fmt(alpha) + ")";
            case NO_SIGNIFICANT_CHANGE -> "no significant change";
            case TOO_FEW_ROWS -> "too few rows in both runs";
        };
    }

    private static String short60(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }


    private static String signed(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%+.3f", v);
    }

    private static String p(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        return v < 0.001 ? String.format(Locale.ROOT, "%.1e", v) : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String esc(String s) {
        return HtmlReport.esc(s);
    }
}

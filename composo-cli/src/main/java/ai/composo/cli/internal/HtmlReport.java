package ai.composo.cli.internal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A self-contained HTML report (no external assets): summary table, an inline-SVG score histogram per
 * criterion, the repeatability table, and the rows section ({@link RowTableWriter}): the {@code maxRows}
 * worst dataset rows with their content and every criterion's verdict. It re-reads the results file instead
 * of holding results in memory (figures and the choice of rows, then the chosen rows' results), and the
 * dataset once for the chosen rows' content; what it holds grows with {@code maxRows}, not with the input.
 */
public final class HtmlReport {
    private static final int HIST_BINS = 20;
    private static final double DEFAULT_LINE = 0.5;

    private HtmlReport() {}

    /**
     * {@code input} (with its format) is the dataset the results came from, read for the rows' content; null
     * leaves the content out. {@code readings}: how the judge read each criterion, shown with it.
     */
    public static void write(Path results, OutputFormat format, Path input, InputFormat inputFormat, List<String> criteria, int repeat,
                             String title, Double failUnder, int maxRows, Path report, Map<String, String> readings) {
        write(results, format, input, inputFormat, criteria, repeat, title, failUnder, maxRows, report, readings, null);
    }

    /** {@code note}: one more line under the title (the run's cost), or null. */
    public static void write(Path results, OutputFormat format, Path input, InputFormat inputFormat, List<String> criteria, int repeat,
                             String title, Double failUnder, int maxRows, Path report, Map<String, String> readings, String note) {
        Summary summary = new Summary(criteria, repeat);
        WorstRows worst = new WorstRows(maxRows);
        CompactKeySet ids = new CompactKeySet();
        long[] rowCount = {0};
        long total = ResultFile.read(results, format, r -> {
            summary.add(r);
            worst.add(r);
            if (ids.add(r.id())) {
                rowCount[0]++;
            }
        });
        List<CriterionSummary> rows = summary.criteria();
        ReportRow.Loaded shown = ReportRow.load(results, format, worst.ids(), input, inputFormat);
        try {
            Path parent = report.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (Writer w = new BufferedWriter(Files.newBufferedWriter(report, StandardCharsets.UTF_8), 1 << 16)) {
                w.write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + esc(title) + "</title>\n<style>\n"
                        + resource("report.css") + "</style>\n</head>\n<body>\n");
                w.write("<h1>" + esc(title) + "</h1>\n<p class=\"meta\">" + total + " results for " + rowCount[0] + " rows from <code>"
                        + esc(results.getFileName().toString()) + "</code>" + (input == null ? "" : " and <code>" + esc(input.getFileName().toString()) + "</code>")
                        + " · generated " + esc(Instant.now().toString()) + (repeat > 1 ? " · each pair evaluated " + repeat + " times" : "") + "</p>\n"
                        + (note == null ? "" : "<p class=\"meta cost\">" + esc(note) + "</p>\n"));
                summaryTable(w, rows, failUnder, readings);
                if (repeat > 1) {
                    spreadTable(w, rows, repeat);
                }
                w.write("<h2>Score distributions</h2>\n<div class=\"hists\">\n");
                for (int i = 0; i < rows.size(); i++) {
                    histogram(w, i + 1, rows.get(i));
                }
                w.write("</div>\n");
                if (maxRows > 0) {
                    new RowTableWriter(w, rows, readings, repeat, failUnder == null ? DEFAULT_LINE : failUnder)
                            .write(shown.rows(), rowCount[0], input == null ? "the dataset" : input.getFileName().toString(), shown.inputProblem());
                    w.write("<script>\n" + resource("report.js") + "</script>\n");
                }
                w.write("</body>\n</html>\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the report " + report + ": " + e.getMessage(), e);
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = HtmlReport.class.getResourceAsStream("/ai/composo/cli/report/" + name)) {
            if (in == null) {
                throw new IOException("the report's " + name + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void summaryTable(Writer w, List<CriterionSummary> rows, Double failUnder, Map<String, String> readings) throws IOException {
        w.write("<h2>Summary</h2>\n<table id=\"summary\">\n<thead><tr><th>#</th><th>criterion</th><th>results</th><th>mean</th><th>median</th>"
                + "<th>p10</th><th>p90</th><th>pass rate</th><th>not applicable</th><th>errors</th>"
                + (failUnder == null ? "" : "<th>mean ≥ " + SummaryTable.fmt(failUnder) + "</th>") + "</tr></thead>\n<tbody>\n");
        for (int i = 0; i < rows.size(); i++) {
            CriterionSummary c = rows.get(i);
            ScoreSketch s = c.scores();
            w.write("<tr><td class=\"n\">" + (i + 1) + "</td><td>" + esc(c.criterion())
                    + (readings.containsKey(c.criterion()) ? "<div class=\"meta\">" + esc(readings.get(c.criterion())) + "</div>" : "")
                    + "</td><td class=\"n\">" + c.results()
                    + "</td><td class=\"n\">" + SummaryTable.fmt(s.mean()) + "</td><td class=\"n\">" + SummaryTable.fmt(s.quantile(0.5))
                    + "</td><td class=\"n\">" + SummaryTable.fmt(s.quantile(0.1)) + "</td><td class=\"n\">" + SummaryTable.fmt(s.quantile(0.9))
                    + "</td><td class=\"n\">" + (c.passFail() && c.scored() > 0 ? SummaryTable.pct(c.passed() / (double) c.scored()) : "-")
                    + "</td><td class=\"n\">" + SummaryTable.pct(c.notApplicableShare()) + "</td><td class=\"n\">" + c.errors() + "</td>");
            if (failUnder != null) {
                w.write(c.scored() == 0 ? "<td>no scores</td>" : c.mean() < failUnder ? "<td class=\"fail\">FAIL</td>" : "<td class=\"ok\">ok</td>");
            }
            w.write("</tr>\n");
        }
        w.write("</tbody>\n</table>\n");
    }

    private static void spreadTable(Writer w, List<CriterionSummary> rows, int repeat) throws IOException {
        w.write("<h2>Repeatability (each pair evaluated " + repeat + " times)</h2>\n<table id=\"spread\">\n<thead><tr><th>#</th><th>pairs</th>"
                + "<th>mean std</th><th>max std</th><th>mean range</th><th>max range</th><th>pairs that varied</th></tr></thead>\n<tbody>\n");
        for (int i = 0; i < rows.size(); i++) {
            CriterionSummary c = rows.get(i);
            w.write("<tr><td class=\"n\">" + (i + 1) + "</td><td class=\"n\">" + c.spreadPairs() + "</td><td class=\"n\">" + SummaryTable.fmt(c.meanStd())
                    + "</td><td class=\"n\">" + SummaryTable.fmt(c.maxStd()) + "</td><td class=\"n\">" + SummaryTable.fmt(c.meanRange())
                    + "</td><td class=\"n\">" + SummaryTable.fmt(c.maxRange()) + "</td><td class=\"n\">" + c.unstablePairs() + "</td></tr>\n");
        }
        w.write("</tbody>\n</table>\n");
    }

    private static void histogram(Writer w, int number, CriterionSummary c) throws IOException {
        long[] h = c.scores().histogram(HIST_BINS);
        long max = 1;
        for (long v : h) {
            max = Math.max(max, v);
        }
        int width = 420;
        int height = 140;
        int plotH = 110;
        double bw = width / (double) HIST_BINS;
        w.write("<div class=\"hist\" data-criterion=\"" + number + "\"><p><b>[" + number + "]</b> " + esc(c.criterion()) + "</p>\n");
        w.write("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + width + "\" height=\"" + height + "\" role=\"img\" aria-label=\"score histogram for criterion "
                + number + "\">\n");
        for (int b = 0; b < HIST_BINS; b++) {
            double bh = h[b] * (double) plotH / max;
            w.write(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#4f6bed\"><title>%.2f–%.2f: %d</title></rect>\n",
                    b * bw + 1, plotH - bh, bw - 2, bh, b / (double) HIST_BINS, (b + 1) / (double) HIST_BINS, h[b]));
        }
        w.write("<line x1=\"0\" y1=\"" + plotH + "\" x2=\"" + width + "\" y2=\"" + plotH + "\" stroke=\"#1d2433\"/>\n");
        for (int t = 0; t <= 4; t++) {
            String anchor = t == 0 ? "start" : t == 4 ? "end" : "middle";
            w.write(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"%s\">%.2f</text>\n",
                    t * width / 4.0, plotH + 16, anchor, t / 4.0));
        }
        w.write("</svg>\n<p>" + c.scored() + " scored, mean " + SummaryTable.fmt(c.mean()) + ", " + c.notApplicable() + " not applicable, "
                + c.errors() + " errors</p></div>\n");
    }

    /** HTML-escapes text for element content and double-quoted attributes. */
    public static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(ch);
            }
        }
        return sb.toString();
    }
}

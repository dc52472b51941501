package ai.composo.cli.internal;

import static ai.composo.cli.internal.HtmlReport.esc;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report's rows section: the controls (text filter, worst-first view per criterion, failed/errors only,
 * judge internals), one table row per dataset row with every criterion's verdict side by side, and per row
 * a detail panel with the whole conversation and every criterion's explanation (hidden until the row is
 * opened). Every piece of data is HTML-escaped; the script only shows, hides and reorders elements.
 */
final class RowTableWriter {
    private static final int PROMPT_PREVIEW = 200;
    private static final int RESPONSE_PREVIEW = 300;

    private final Writer w;
    private final List<CriterionSummary> criteria;
    private final Map<String, String> readings;
    private final int repeat;
    private final double line;

    /** {@code line}: a score below it counts as failed (for the "failed only" filter and the cell's colour). */
    RowTableWriter(Writer w, List<CriterionSummary> criteria, Map<String, String> readings, int repeat, double line) {
        this.w = w;
        this.criteria = criteria;
        this.readings = readings;
        this.repeat = repeat;
        this.line = line;
    }

    void write(List<ReportRow> rows, long totalRows, String inputName, String inputProblem) throws IOException {
        w.write("<h2>Rows, worst first</h2>\n");
        if (totalRows > rows.size()) {
            w.write("<p class=\"meta\" id=\"kept\">Showing the " + rows.size() + " worst of " + totalRows
                    + " rows (lowest score on any criterion; errors first). Raise --report-rows to show more.</p>\n");
        }
        if (inputProblem != null) {
            w.write("<p class=\"fail\">The rows' content could not be read: " + esc(inputProblem) + "</p>\n");
        }
        controls();
        List<List<CriterionCell>> cells = new ArrayList<>(rows.size());
        for (ReportRow row : rows) {
            List<CriterionCell> rowCells = new ArrayList<>(criteria.size());
            for (CriterionSummary c : criteria) {
                rowCells.add(CriterionCell.of(row.results(c.criterion()), c.passFail(), line));
            }
            cells.add(rowCells);
        }
        w.write("<table id=\"rows\" data-total=\"" + totalRows + "\">\n<thead><tr><th data-sort=\"id\">id</th><th data-sort=\"line\">line</th>"
                + "<th class=\"conv\">prompt → response</th><th data-sort=\"worst\" title=\"lowest score on any criterion\">worst</th>");
        for (int i = 0; i < criteria.size(); i++) {
            String c = criteria.get(i).criterion();
            w.write("<th data-sort=\"c" + (i + 1) + "\" title=\"" + esc(c + (readings.containsKey(c) ? "\n\n" + readings.get(c) : "")) + "\">["
                    + (i + 1) + "] " + esc(abbreviate(c, 48)) + "</th>");
        }
        w.write("</tr></thead>\n<tbody>\n");
        for (int r = 0; r < rows.size(); r++) {
            tableRow(r, rows.get(r), cells.get(r), inputName);
        }
        w.write("</tbody>\n</table>\n<aside id=\"panel\" hidden><div class=\"bar\"><label><input type=\"checkbox\" id=\"panel-internals\"> judge internals</label>"
                + "<button type=\"button\" id=\"close\" aria-label=\"close\">×</button></div>\n");
        for (int r = 0; r < rows.size(); r++) {
            detail(r, rows.get(r), cells.get(r), inputName);
        }
        w.write("</aside>\n");
    }

    private void controls() throws IOException {
        w.write("<div class=\"controls\"><input type=\"search\" id=\"filter\" placeholder=\"filter: id, prompt, response, explanation…\">"
                + "<label>worst first by <select id=\"view\"><option value=\"\">any criterion</option>");
        for (int i = 0; i < criteria.size(); i++) {
            String c = criteria.get(i).criterion();
            w.write("<option value=\"" + (i + 1) + "\" data-reading=\"" + esc(readings.getOrDefault(c, "")) + "\">[" + (i + 1) + "] "
                    + esc(abbreviate(c, 80)) + "</option>");
        }
        w.write("</select></label><label title=\"a pass/fail criterion failed, or a score below " + SummaryTable.fmt(line)
                + "\"><input type=\"checkbox\" id=\"failed\"> failed only</label><label><input type=\"checkbox\" id=\"errors\"> errors only</label>"
                + "<label><input type=\"checkbox\" id=\"internals\"> judge internals</label><span id=\"shown\"></span></div>\n"
                + "<p class=\"meta\" id=\"view-reading\"></p>\n");
    }

    private void tableRow(int index, ReportRow row, List<CriterionCell> cells, String inputName) throws IOException {
        boolean failed = cells.stream().anyMatch(CriterionCell::failed);
        boolean error = cells.stream().anyMatch(CriterionCell::error);
        w.write("<tr tabindex=\"0\" data-row=\"" + index + "\"" + (error ? " class=\"err\"" : "") + " data-failed=\"" + failed + "\" data-error=\"" + error
                + "\"><td data-v=\"" + esc(row.id()) + "\">" + esc(row.id()) + "</td><td class=\"n\" data-v=\"" + (row.line() == null ? "" : row.line()) + "\">"
                + (row.line() == null ? "" : row.line()) + "</td><td class=\"conv\">");
        RowContent content = row.content();
        if (content == null) {
            w.write("<div class=\"meta\">not found in " + esc(inputName) + "</div>");
        } else if (content.problem() != null) {
            w.write("<div class=\"fail\">bad row: " + esc(content.problem()) + "</div>");
        } else {
            w.write("<div class=\"prompt\">" + esc(abbreviate(content.prompt(), PROMPT_PREVIEW)) + "</div><div class=\"response\">"
                    + esc(abbreviate(content.response(), RESPONSE_PREVIEW)) + "</div>");
        }
        double rank = row.rank();
        w.write("</td><td class=\"n\" data-v=\"" + num(rank) + "\">" + (rank == WorstRows.ERROR ? "error" : rank == WorstRows.NO_SCORE ? "n/a" : SummaryTable.fmt(rank))
                + "</td>");
        for (int i = 0; i < cells.size(); i++) {
            CriterionCell cell = cells.get(i);
            w.write("<td class=\"c" + (cell.error() ? " err" : cell.failed() ? " low" : "") + "\" data-c=\"" + (i + 1) + "\" data-v=\"" + num(cell.sortValue()) + "\">");
            verdict(cell, criteria.get(i).passFail());
            explanation(cell.worst());
            w.write("</td>");
        }
        w.write("</tr>\n");
    }

    private void verdict(CriterionCell cell, boolean passFail) throws IOException {
        String text = cell.missing() ? "no result" : cell.error() && cell.scored() == 0 ? "error" : cell.notApplicable() ? "n/a" : SummaryTable.fmt(cell.mean());
        String v = cell.verdict(passFail);
        w.write("<div class=\"verdict\"><span class=\"score\">" + text + "</span>"
                + (v.isEmpty() ? "" : " <span class=\"" + (cell.failed() ? "fail" : "ok") + "\">" + v + "</span>") + "</div>");
    }

    private void explanation(ResultRecord r) throws IOException {
        if (r == null) {
            return;
        }
        if (r.isError()) {
            w.write("<div class=\"expl fail\">" + esc(r.error()) + "</div>");
            return;
        }
        ExplanationParts parts = ExplanationParts.of(r.explanation());
        w.write("<div class=\"expl\"><span class=\"plain\">" + esc(parts.plain()) + "</span>");
        list("internals", parts.internals());
        w.write("</div>");
    }

    private void list(String cssClass, List<String> items) throws IOException {
        if (items.isEmpty()) {
            return;
        }
        w.write("<ul class=\"" + cssClass + "\">");
        for (String item : items) {
            w.write("<li>" + esc(item) + "</li>");
        }
        w.write("</ul>");
    }

    private void detail(int index, ReportRow row, List<CriterionCell> cells, String inputName) throws IOException {
        w.write("<section class=\"detail\" id=\"detail-" + index + "\" hidden><h3>" + esc(row.id()) + "</h3><p class=\"meta\">"
                + (row.line() == null ? "" : "line " + row.line() + " of ") + esc(inputName) + "</p>\n<h4>Conversation</h4>\n");
        RowContent content = row.content();
        if (content == null) {
            w.write("<p class=\"meta\">The row was not found in " + esc(inputName) + ".</p>\n");
        } else {
            if (content.problem() != null) {
                w.write("<p class=\"fail\">This row could not be evaluated: " + esc(content.problem()) + "</p>\n");
            }
            for (RowContent.Turn t : content.turns()) {
                w.write("<div class=\"turn " + cssName(t.label()) + "\"><div class=\"role\">" + esc(t.label()) + "</div><div class=\"text\">" + esc(t.text()) + "</div>");
                for (String call : t.calls()) {
                    w.write("<div class=\"call\">calls " + esc(call) + "</div>");
                }
                w.write("</div>\n");
            }
            if (!content.tools().isEmpty()) {
                w.write("<h4>Tools offered</h4>");
                list("tools", content.tools());
            }
        }
        w.write("<h4>Criteria</h4>\n");
        for (int i = 0; i < cells.size(); i++) {
            CriterionCell cell = cells.get(i);
            String c = criteria.get(i).criterion();
            w.write("<div class=\"crit\" data-c=\"" + (i + 1) + "\"><p><b>[" + (i + 1) + "]</b> " + esc(c) + "</p>"
                    + (readings.containsKey(c) ? "<p class=\"meta reading\">" + esc(readings.get(c)) + "</p>" : ""));
            verdict(cell, criteria.get(i).passFail());
            if (repeat > 1 && cell.results().size() > 1) {
                w.write("<table class=\"repeats\"><thead><tr><th>repeat</th><th>score</th><th>passed</th><th>explanation / error</th></tr></thead><tbody>");
                for (ResultRecord r : cell.results()) {
                    w.write("<tr><td class=\"n\">" + r.repeat() + "</td><td class=\"n\">" + (r.score() == null ? (r.isError() ? "error" : "n/a") : SummaryTable.fmt(r.score()))
                            + "</td><td>" + (r.passed() == null ? "" : r.passed() ? "pass" : "fail") + "</td><td>");
                    explanation(r);
                    w.write("</td></tr>");
                }
                w.write("</tbody></table>");
            } else {
                explanation(cell.worst());
            }
            w.write("</div>\n");
        }
        w.write("</section>\n");
    }

    private static String cssName(String label) {
        return "t-" + label.toLowerCase(Locale.ROOT).replaceAll("[^a-z]+", "-");
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}

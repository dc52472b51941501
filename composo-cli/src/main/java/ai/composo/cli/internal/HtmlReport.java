package ai.composo.cli.internal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A self-contained HTML report (no external assets): summary table, an inline-SVG score histogram per
 * criterion, and a sortable, filterable table of results with explanations. It re-reads the results
 * file (twice: figures, then rows) instead of holding results in memory; the row table shows at most
 * {@code maxRows} results.
 */
public final class HtmlReport {
    private static final int HIST_BINS = 20;

    private HtmlReport() {}

    public static void write(Path results, OutputFormat format, List<String> criteria, int repeat, String title,
                             Double failUnder, int maxRows, Path report) {
        write(results, format, criteria, repeat, title, failUnder, maxRows, report, Map.of());
    }

    /** {@code readings}: how the judge read each criterion, shown with it. */
    public static void write(Path results, OutputFormat format, List<String> criteria, int repeat, String title,
                             Double failUnder, int maxRows, Path report, Map<String, String> readings) {
        Summary summary = new Summary(criteria, repeat);
        long total = ResultFile.read(results, format, summary::add);
        List<CriterionSummary> rows = summary.criteria();
        Map<String, Integer> number = new HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            number.put(rows.get(i).criterion(), i + 1);
        }
        try {
            Path parent = report.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (Writer w = new BufferedWriter(Files.newBufferedWriter(report, StandardCharsets.UTF_8), 1 << 16)) {
                head(w, title);
                w.write("<h1>" + esc(title) + "</h1>\n<p class=\"meta\">" + total + " results from <code>" + esc(results.getFileName().toString())
                        + "</code> · generated " + esc(Instant.now().toString()) + (repeat > 1 ? " · each pair evaluated " + repeat + " times" : "")
                        + "</p>\n");
                summaryTable(w, rows, failUnder, readings);
                if (repeat > 1) {
                    spreadTable(w, rows, repeat);
                }
                w.write("<h2>Score distributions</h2>\n<div class=\"hists\">\n");
                for (int i = 0; i < rows.size(); i++) {
                    histogram(w, i + 1, rows.get(i));
                }
                w.write("</div>\n");
                rowTable(w, results, format, rows, number, total, maxRows, repeat);
                w.write(SCRIPT);
                w.write("</body>\n</html>\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the report " + report + ": " + e.getMessage(), e);
        }
    }

    private static void head(Writer w, String title) throws IOException {
        w.write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + esc(title) + "</title>\n<style>\n"
                + "body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px;color:#1d2433}\n"
                + "h1{font-size:22px}h2{font-size:18px;margin-top:28px}.meta{color:#5b6475}\n"
                + "table{border-collapse:collapse;font-size:13px}th,td{border:1px solid #d8dde6;padding:4px 8px;vertical-align:top}\n"
                + "th{background:#f2f4f8;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}\n"
                + "#rows th{cursor:pointer;user-select:none}#rows th.asc:after{content:' \\25B2'}#rows th.desc:after{content:' \\25BC'}\n"
                + "#rows td.x{max-width:720px;white-space:pre-wrap}tr.err td{background:#fff1f0}.fail{color:#b42318;font-weight:600}.ok{color:#067647}\n"
                + ".hists{display:flex;flex-wrap:wrap;gap:16px}.hist{border:1px solid #d8dde6;padding:8px}.hist p{margin:0 0 4px;max-width:420px;font-size:12px}\n"
                + ".controls{margin:8px 0;display:flex;gap:12px;align-items:center}.controls input[type=search]{width:280px}\n"
                + "</style>\n</head>\n<body>\n");
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

    private static void rowTable(Writer w, Path results, OutputFormat format, List<CriterionSummary> rows, Map<String, Integer> number,
                                 long total, int maxRows, int repeat) throws IOException {
        w.write("<h2>Results</h2>\n<div class=\"controls\"><input type=\"search\" id=\"filter\" placeholder=\"filter: id, text, explanation…\">"
                + "<select id=\"crit\"><option value=\"\">all criteria</option>");
        for (int i = 0; i < rows.size(); i++) {
            w.write("<option value=\"" + (i + 1) + "\">[" + (i + 1) + "] " + esc(abbreviate(rows.get(i).criterion(), 80)) + "</option>");
        }
        w.write("</select><label><input type=\"checkbox\" id=\"errs\"> errors only</label><span id=\"shown\"></span></div>\n");
        if (total > maxRows) {
            w.write("<p class=\"meta\">Showing the first " + maxRows + " of " + total + " results (raise --report-rows to show more).</p>\n");
        }
        w.write("<table id=\"rows\" data-total=\"" + total + "\">\n<thead><tr><th>id</th><th>line</th><th>criterion</th>" + (repeat > 1 ? "<th>repeat</th>" : "")
                + "<th>score</th><th>passed</th><th>cache hit</th><th>latency ms</th><th>explanation / error</th></tr></thead>\n<tbody>\n");
        long[] shown = {0};
        ResultFile.read(results, format, r -> {
            if (shown[0] >= maxRows) {
                return;
            }
            shown[0]++;
            try {
                w.write(r.isError() ? "<tr class=\"err\"" : "<tr");
                w.write(" data-c=\"" + number.getOrDefault(r.criterion(), 0) + "\"><td>" + esc(r.id()) + "</td><td class=\"n\">" + (r.line() == null ? "" : r.line())
                        + "</td><td class=\"n\" title=\"" + esc(r.criterion()) + "\">" + number.getOrDefault(r.criterion(), 0) + "</td>"
                        + (repeat > 1 ? "<td class=\"n\">" + r.repeat() + "</td>" : "")
                        + "<td class=\"n\">" + (r.score() == null ? (r.isError() ? "" : "n/a") : SummaryTable.fmt(r.score())) + "</td><td>"
                        + (r.passed() == null ? "" : r.passed() ? "pass" : "fail") + "</td><td>" + (r.cacheHit() == null ? "" : r.cacheHit() ? "yes" : "no")
                        + "</td><td class=\"n\">" + (r.latencyMs() == null ? "" : r.latencyMs()) + "</td><td class=\"x\">"
                        + esc(r.isError() ? "ERROR: " + r.error() : r.explanation() == null ? "" : r.explanation()) + "</td></tr>\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        w.write("</tbody>\n</table>\n");
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
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

    private static final String SCRIPT = """
            <script>
            (function () {
              var table = document.getElementById('rows'), body = table.tBodies[0];
              var rows = Array.prototype.slice.call(body.rows);
              var filter = document.getElementById('filter'), crit = document.getElementById('crit'), errs = document.getElementById('errs');
              var shown = document.getElementById('shown');
              function apply() {
                var q = filter.value.toLowerCase(), c = crit.value, e = errs.checked, n = 0;
                rows.forEach(function (r) {
                  var ok = (!c || r.getAttribute('data-c') === c) && (!e || r.className === 'err')
                    && (!q || r.textContent.toLowerCase().indexOf(q) >= 0);
                  r.style.display = ok ? '' : 'none';
                  if (ok) n++;
                });
                shown.textContent = n + ' shown';
              }
              [filter, crit, errs].forEach(function (el) { el.addEventListener('input', apply); el.addEventListener('change', apply); });
              Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
                th.addEventListener('click', function () {
                  var asc = !th.classList.contains('asc');
                  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) { h.classList.remove('asc', 'desc'); });
                  th.classList.add(asc ? 'asc' : 'desc');
                  function key(r) { var t = r.cells[i].textContent, v = parseFloat(t); return isNaN(v) ? t.toLowerCase() : v; }
                  rows.sort(function (a, b) {
                    var x = key(a), y = key(b);
                    if (typeof x !== typeof y) { x = String(x); y = String(y); }
                    return (x < y ? -1 : x > y ? 1 : 0) * (asc ? 1 : -1);
                  });
                  rows.forEach(function (r) { body.appendChild(r); });
                });
              });
              apply();
            })();
            </script>
            """;
}

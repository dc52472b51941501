package ai.composo.cli.internal.calibrate;

import ai.composo.cli.internal.HtmlReport;
import ai.composo.cli.internal.InputException;
import ai.composo.cli.internal.SummaryTable;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The calibration as one self-contained HTML page: per criterion the figures, the ROC curve and a reliability
 * diagram (the share of good labels in each score bin against the bin's mean score: points on the diagonal mean a
 * score of 0.7 is right about 70 % of the time).
 */
public final class CalibrationReport {
    private static final int SIZE = 220;
    private static final int BINS = 5;

    private CalibrationReport() {}

    /** One criterion's section. */
    public record Section(int number, String criterion, Agreement agreement, List<Agreement.Labelled> rows) {}

    public static void write(Path file, String title, List<Section> sections) {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + esc(title) + "</title><style>"
                    + "body{font:14px system-ui,sans-serif;margin:2em;color:#222}section{margin:1.5em 0;border-top:1px solid #ddd;padding-top:1em}"
                    + "svg{border:1px solid #ccc;margin-right:1.5em;background:#fff}table{border-collapse:collapse}td{padding:2px 10px}"
                    + "</style></head><body>\n<h1>" + esc(title) + "</h1>\n");
            for (Section s : sections) {
                Agreement a = s.agreement();
                w.write("<section class=\"criterion\" id=\"c" + s.number() + "\"><h2>[" + s.number() + "] " + esc(s.criterion()) + "</h2>\n");
                w.write(String.format(Locale.ROOT, "<table><tr><td>labels</td><td>%d (%d good, %d bad)</td></tr><tr><td>ROC AUC</td><td>%s (95%% CI %s–%s)</td></tr>"
                                + "<tr><td>threshold</td><td>%s</td></tr><tr><td>TPR / TNR</td><td>%s / %s</td></tr><tr><td>Cohen's κ</td><td>%s</td></tr></table>\n",
                        a.n(), a.good(), a.bad(), SummaryTable.fmt(a.auc()), SummaryTable.fmt(a.aucLow()), SummaryTable.fmt(a.aucHigh()), SummaryTable.fmt(a.threshold()), SummaryTable.fmt(a.tpr()), SummaryTable.fmt(a.tnr()), SummaryTable.fmt(a.kappa())));
                w.write(roc(s.rows()));
                w.write(reliability(s.rows()));
                w.write("</section>\n");
            }
            w.write("</body></html>\n");
        } catch (IOException e) {
            throw new InputException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static String roc(List<Agreement.Labelled> rows) {
        StringBuilder b = new StringBuilder(frame("ROC (TPR against FPR)", "roc"));
        StringBuilder pts = new StringBuilder();
        for (double[] p : Agreement.rocPoints(rows)) {
            pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(p[0]), y(p[1])));
        }
        b.append("<polyline class=\"curve\" fill=\"none\" stroke=\"#3b5bdb\" stroke-width=\"2\" points=\"").append(pts.toString().strip()).append("\"/></svg>\n");
        return b.toString();
    }

    private static String reliability(List<Agreement.Labelled> rows) {
        StringBuilder b = new StringBuilder(frame("Reliability (share good per bin)", "reliability"));
        for (int i = 0; i < BINS; i++) {
            double lo = i / (double) BINS;
            double hi = (i + 1) / (double) BINS;
            List<Agreement.Labelled> in = rows.stream().filter(r -> r.score() >= lo && (r.score() < hi || (hi == 1 && r.score() <= 1))).toList();
            if (in.isEmpty()) {
                continue;
            }
            double mean = in.stream().mapToDouble(Agreement.Labelled::score).average().orElse(0);
            double good = in.stream().filter(Agreement.Labelled::good).count() / (double) in.size();
            b.append(String.format(Locale.ROOT, "<circle class=\"bin\" cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"#e8590c\"><title>%d rows, mean score %.2f, %.0f%% good</title></circle>",
                    x(mean), y(good), 3 + Math.min(6, Math.sqrt(in.size())), in.size(), mean, good * 100));
        }
        return b.append("</svg>\n").toString();
    }

    private static String frame(String caption, String kind) {
        return String.format(Locale.ROOT, "<svg class=\"%s\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">"
                + "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#aaa\" stroke-dasharray=\"4\"/>"
                + "<text x=\"6\" y=\"14\" font-size=\"11\">%s</text>", kind, SIZE, SIZE, SIZE, SIZE, esc(caption), x(0), y(0), x(1), y(1), esc(caption));
    }

    private static double x(double v) {
        return 20 + v * (SIZE - 30);
    }

    private static double y(double v) {
        return SIZE - 10 - v * (SIZE - 30);
    }


    private static String esc(String s) {
        return HtmlReport.esc(s);
    }
}

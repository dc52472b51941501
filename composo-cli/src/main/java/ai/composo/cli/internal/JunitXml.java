package ai.composo.cli.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * The results as a JUnit XML report, which every CI server reads: one {@code <testsuite>} per criterion, one
 * {@code <testcase>} per row (and repeat), named by the row's id. A pass/fail criterion's failed verdict is a
 * {@code <failure>}; a scored criterion's result fails when it is below the criterion's row floor or, without one,
 * its {@code --fail-under} threshold (a scored criterion without either gate never fails a test case). Evaluation
 * errors are {@code <error>}s, results where the criterion did not apply are {@code <skipped>}. Failures carry the
 * judge's explanation. Streams the results file once per criterion, so memory stays bounded.
 */
public final class JunitXml {
    private JunitXml() {}

    public static void write(Path results, OutputFormat format, List<String> criteria, Gates gates, Summary summary, Path file) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < criteria.size(); i++) {
            index.putIfAbsent(criteria.get(i), i);
        }
        long[] failures = new long[criteria.size()];
        double[] seconds = new double[criteria.size()];
        ResultFile.read(results, format, r -> {
            Integer i = index.get(r.criterion());
            if (i != null) {
                failures[i] += failed(r, gates.rowThreshold(i).orElse(null)) ? 1 : 0;
                seconds[i] += r.latencyMs() == null ? 0 : r.latencyMs() / 1000.0;
            }
        });
        List<CriterionSummary> rows = summary.criteria();
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (OutputStream os = Files.newOutputStream(tmp)) {
                XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(os, "UTF-8");
                w.writeStartDocument("UTF-8", "1.0");
                w.writeCharacters("\n");
                w.writeStartElement("testsuites");
                w.writeAttribute("name", "composo eval");
                for (int i = 0; i < criteria.size(); i++) {
                    writeSuite(w, results, format, i, criteria.get(i), rows.get(i), failures[i], seconds[i], gates.rowThreshold(i).orElse(null));
                }
                w.writeEndElement();
                w.writeCharacters("\n");
                w.writeEndDocument();
                w.close();
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | XMLStreamException e) {
            throw new InputException("Cannot write the JUnit XML report " + file + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // only left behind if the move failed
            }
        }
    }

    private static void writeSuite(XMLStreamWriter w, Path results, OutputFormat format, int i, String criterion,
                                   CriterionSummary c, long failures, double seconds, Double threshold) throws XMLStreamException {
        String suite = "[" + (i + 1) + "] " + criterion;
        w.writeCharacters("\n  ");
        w.writeStartElement("testsuite");
        w.writeAttribute("name", suite);
        w.writeAttribute("tests", Long.toString(c.results()));
        w.writeAttribute("failures", Long.toString(failures));
        w.writeAttribute("errors", Long.toString(c.errors()));
        w.writeAttribute("skipped", Long.toString(c.notApplicable()));
        w.writeAttribute("time", String.format(Locale.ROOT, "%.3f", seconds));
        XMLStreamException[] thrown = {null};
        ResultFile.read(results, format, r -> {
            if (thrown[0] != null || !r.criterion().equals(criterion)) {
                return;
            }
            try {
                writeCase(w, suite, r, threshold);
            } catch (XMLStreamException e) {
                thrown[0] = e;
            }
        });
        if (thrown[0] != null) {
            throw thrown[0];
        }
        w.writeCharacters("\n  ");
        w.writeEndElement();
    }

    private static void writeCase(XMLStreamWriter w, String suite, ResultRecord r, Double threshold) throws XMLStreamException {
        w.writeCharacters("\n    ");
        w.writeStartElement("testcase");
        w.writeAttribute("classname", suite);
        w.writeAttribute("name", r.id() + (r.repeat() > 1 ? " #" + r.repeat() : ""));
        w.writeAttribute("time", String.format(Locale.ROOT, "%.3f", r.latencyMs() == null ? 0 : r.latencyMs() / 1000.0));
        if (r.isError()) {
            w.writeStartElement("error");
            w.writeAttribute("message", clean(r.error()));
            w.writeCharacters(clean(r.error()));
            w.writeEndElement();
        } else if (r.isNotApplicable()) {
            w.writeStartElement("skipped");
            w.writeAttribute("message", "the criterion does not apply to this row" + (r.explanation() == null ? "" : ": " + clean(r.explanation())));
            w.writeEndElement();
        } else if (failed(r, threshold)) {
            String message = r.passed() != null
                    ? String.format(Locale.ROOT, "failed (score %.3f)", r.score())
                    : String.format(Locale.ROOT, "score %.3f is below %s", r.score(), Gates.trim(threshold));
            w.writeStartElement("failure");
            w.writeAttribute("message", message);
            w.writeCharacters(r.explanation() == null ? message : clean(r.explanation()));
            w.writeEndElement();
        }
        w.writeEndElement();
    }

    static boolean failed(ResultRecord r, Double threshold) {
        if (r.isError() || r.score() == null) {
            return false;
        }
        if (r.passed() != null) {
            return !r.passed();
        }
        return threshold != null && r.score() < threshold;
    }

    /** XML 1.0 cannot carry most control characters, even escaped. */
    private static String clean(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            boolean allowed = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) || cp >= 0x10000;
            b.appendCodePoint(allowed ? cp : 0xFFFD);
        });
        return b.toString();
    }
}

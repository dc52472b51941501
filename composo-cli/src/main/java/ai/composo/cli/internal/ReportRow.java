package ai.composo.cli.internal;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One dataset row as the report shows it: its results per criterion (one per repeat) and its content, read
 * back from the dataset. {@link #load} fetches only the rows {@link WorstRows} kept.
 */
public final class ReportRow {
    private final String id;
    private Long line;
    private final Map<String, TreeMap<Integer, ResultRecord>> results = new HashMap<>();
    private RowContent content;

    ReportRow(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public Long line() {
        return line;
    }

    /** The row's content, or null when the dataset did not have it (or could not be read). */
    public RowContent content() {
        return content;
    }

    /** The results for one criterion, by repeat; empty when there are none. */
    public List<ResultRecord> results(String criterion) {
        TreeMap<Integer, ResultRecord> byRepeat = results.get(criterion);
        return byRepeat == null ? List.of() : new ArrayList<>(byRepeat.values());
    }

    /** The row's rank: its lowest score, {@link WorstRows#ERROR} for an error, {@link WorstRows#NO_SCORE} for none. */
    public double rank() {
        double rank = WorstRows.NO_SCORE;
        for (TreeMap<Integer, ResultRecord> byRepeat : results.values()) {
            for (ResultRecord r : byRepeat.values()) {
                rank = Math.min(rank, WorstRows.rank(r));
            }
        }
        return rank;
    }

    void add(ResultRecord r) {
        results.computeIfAbsent(r.criterion(), c -> new TreeMap<>()).put(r.repeat(), r);
        if (line == null) {
            line = r.line();
        }
    }

    /**
     * Reads the results of the rows named in {@code ids} (worst first) and, when {@code input} is given, their
     * content: one more pass over the results file and one over the dataset, which stops once all are found.
     * Returns the rows in the order of {@code ids} and the reason the dataset could not be read, if it could not.
     */
    static Loaded load(Path results, OutputFormat format, List<String> ids, Path input, InputFormat inputFormat) {
        Map<String, ReportRow> byId = new LinkedHashMap<>();
        ids.forEach(id -> byId.put(id, new ReportRow(id)));
        ResultFile.read(results, format, r -> {
            ReportRow row = byId.get(r.id());
            if (row != null) {
                row.add(r);
            }
        });
        String problem = input == null || byId.isEmpty() ? null : readContent(byId, input, inputFormat);
        return new Loaded(new ArrayList<>(byId.values()), problem);
    }

    record Loaded(List<ReportRow> rows, String inputProblem) {}

    private static String readContent(Map<String, ReportRow> byId, Path input, InputFormat inputFormat) {
        Map<Long, ReportRow> byLine = new HashMap<>();
        byId.values().forEach(row -> {
            if (row.line != null) {
                byLine.put(row.line, row);
            }
        });
        int missing = byId.size();
        try (InputReader reader = InputReader.open(input, inputFormat)) {
            while (missing > 0 && reader.hasNext()) {
                RawRecord rec = reader.next();
                String recordId = RowParser.idOf(rec);
                ReportRow row = byLine.get(rec.line());
                if (row == null || !sameRow(row.id, recordId, rec.line())) {
                    // only a row whose results carry no line number is matched by its id alone
                    row = byId.get(recordId);
                    if (row != null && row.line != null) {
                        row = null;
                    }
                }
                if (row != null && row.content == null) {
                    row.content = RowContent.of(rec);
                    missing--;
                }
            }
            return null;
        } catch (InputException e) {
            return e.getMessage();
        } catch (UncheckedIOException e) {
            return "Cannot read " + input + ": " + e.getCause().getMessage();
        }
    }

    /** A duplicate id's results are named {@code id@line-N}; see EvalCommand. */
    private static boolean sameRow(String resultId, String recordId, long line) {
        return resultId.equals(recordId) || resultId.equals(recordId + "@line-" + line);
    }
}

package ai.composo.cli.internal.compare;

import ai.composo.cli.internal.InputException;
import ai.composo.cli.internal.OutputFormat;
import ai.composo.cli.internal.ResultFile;
import ai.composo.cli.internal.RunManifest;
import ai.composo.cli.internal.Summary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run's results as {@code composo compare} needs them: per criterion, per row id, the mean score over the
 * row's repeats, its pass/fail verdict (majority of repeats) and how much the judge disagreed with itself, plus the
 * run's manifest when there is one. Errors and not-applicable results are left out.
 */
public final class RunResults {
    /**
     * A row's result for one criterion, over its repeats. {@code spread}: the larger of the scores' standard deviation
     * over the repeats and the mean of the judge's own {@code sample_std}; NaN when the row had one repeat of one sample.
     */
    public record Cell(double score, Boolean passed, double spread) {}

    private final Path file;
    private final RunManifest manifest;
    private final Map<String, Map<String, Cell>> byCriterion;

    private RunResults(Path file, RunManifest manifest, Map<String, Map<String, Cell>> byCriterion) {
        this.file = file;
        this.manifest = manifest;
        this.byCriterion = byCriterion;
    }

    /**
     * A results file ({@code .jsonl} or {@code .csv}), or a run folder holding one ({@code results.jsonl} or
     * {@code results.csv}, as {@code composo eval -o DIR/results.jsonl} writes it).
     */
    public static RunResults load(Path path) {
        Path file = resultsFile(path);
        OutputFormat format = OutputFormat.forPath(file);
        Map<String, Map<String, double[]>> sums = new LinkedHashMap<>();
        ResultFile.read(file, format, r -> {
            if (r.score() == null) {
                return;
            }
            // [sum of scores, n, passes, verdicts, sum of squares, sum of sample_std, lines with sample_std]
            double[] s = sums.computeIfAbsent(r.criterion(), c -> new LinkedHashMap<>()).computeIfAbsent(r.id(), id -> new double[7]);
            s[0] += r.score();
            s[1]++;
            if (r.passed() != null) {
                s[2] += r.passed() ? 1 : 0;
                s[3]++;
            }
            s[4] += r.score() * r.score();
            if (r.sampleStd() != null) {
                s[5] += r.sampleStd();
                s[6]++;
            }
        });
        Map<String, Map<String, Cell>> cells = new LinkedHashMap<>();
        sums.forEach((criterion, rows) -> {
            Map<String, Cell> m = new LinkedHashMap<>();
            boolean passFail = Summary.isPassFail(criterion);
            rows.forEach((id, s) -> m.put(id, new Cell(s[0] / s[1], passFail && s[3] > 0 ? s[2] * 2 >= s[3] : null, spread(s))));
            cells.put(criterion, m);
        });
        return new RunResults(file, RunManifest.read(RunManifest.pathFor(file)), cells);
    }

    private static double spread(double[] s) {
        double overRepeats = s[1] < 2 ? Double.NaN : Math.sqrt(Math.max(0, (s[4] - s[0] * s[0] / s[1]) / (s[1] - 1)));
        double ofSamples = s[6] == 0 ? Double.NaN : s[5] / s[6];
        return Double.isNaN(overRepeats) ? ofSamples : Double.isNaN(ofSamples) ? overRepeats : Math.max(overRepeats, ofSamples);
    }

    private static Path resultsFile(Path path) {
        if (Files.isDirectory(path)) {
            for (String name : List.of("results.jsonl", "results.csv")) {
                Path f = path.resolve(name);
                if (Files.isRegularFile(f)) {
                    return f;
                }
            }
            throw new InputException(path + " is a folder without results.jsonl or results.csv; name the results file itself");
        }
        if (!Files.isRegularFile(path)) {
            throw new InputException(path + " does not exist (give a results file written by 'composo eval', or its folder)");
        }
        return path;
    }

    public Path file() {
        return file;
    }

    /** Null for results written before run manifests existed, or copied without theirs. */
    public RunManifest manifest() {
        return manifest;
    }

    public Map<String, Map<String, Cell>> byCriterion() {
        return byCriterion;
    }
}

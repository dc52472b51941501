package ai.composo.cli;

import ai.composo.cli.internal.InputException;
import ai.composo.cli.internal.SummaryTable;
import ai.composo.cli.internal.RunManifest;
import ai.composo.cli.internal.calibrate.Agreement;
import ai.composo.cli.internal.calibrate.CalibrationFile;
import ai.composo.cli.internal.calibrate.Labels;
import ai.composo.cli.internal.compare.RunResults;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "calibrate", sortOptions = false, usageHelpAutoWidth = true, mixinStandardHelpOptions = true,
        header = "How far to trust the judge: its agreement with your own labels, per criterion, and the threshold to gate on.",
        descriptionHeading = "%n",
        description = {
                "LABELS is a dataset in any format 'composo eval' reads, with a 'label' per row (good/bad, pass/fail, true/false or a score from 0 to 1, good from 0.5) or a 'labels' object naming criteria by number or text. The judge evaluates the labelled rows (every option 'composo eval' takes is passed on to it: criteria, --base-url, --judge-config, …) unless --results names a run of them already made.",
                "",
                "Per criterion it prints: labelled rows (good/bad), ROC AUC with a 95% bootstrap interval, the threshold that maximises balanced accuracy and at it the true-positive and true-negative rates, accuracy next to the majority-class baseline, and Cohen's kappa; and whether the labels are enough (AUC interval at most ±0.10 wide) or how many more are needed. It writes calibration.json (criterion → threshold, the judge, the labels' SHA-256), which 'composo eval --calibration' uses for pass/fail instead of a hand-picked threshold, and calibration.html (ROC curve and reliability diagram per criterion).",
                ""},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  calibrated (warnings say which criteria need more labels)", "  2  usage or input error; or the judge could not run",
                "", "Examples:",
                "  composo calibrate examples/labelled-support.jsonl --criteria-set rag",
                "  composo calibrate labels.csv -c \"Reward answers that resolve the issue\" --judge-config judges.properties",
                "  composo eval chats.jsonl --criteria-set rag --calibration calibration/calibration.json",
                "  composo calibrate labels.jsonl --results calibration --suggest 10   # what to label next"})
public final class CalibrateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "LABELS", description = "The labelled dataset.")
    Path labels;

    @Option(names = {"-o", "--output-dir"}, paramLabel = "DIR", defaultValue = "calibration",
            description = "Where the judged results, their report and calibration.json go (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--results", paramLabel = "FILE|DIR", description = "A run of 'composo eval' on LABELS already made: do not judge again.")
    Path results;

    @Option(names = "--suggest", paramLabel = "N", description = "Also list the N unlabelled rows most worth labelling next: the closest to the threshold,"
            + " and where the judge sampled (--samples, --repeat) the ones it disagreed with itself on most.")
    Integer suggest;

    @CommandLine.Unmatched
    List<String> evalOptions = new ArrayList<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            Labels labelled = Labels.read(labels);
            if (labelled.rows() == 0) {
                err.println("composo: " + labels + " has no labelled rows (add a 'label' field: good/bad, pass/fail or a score from 0 to 1)");
                return ComposoCli.USAGE;
            }
            Path judged = results;
            if (judged == null) {
                Files.createDirectories(dir);
                judged = dir.resolve("results.jsonl");
                List<String> args = new ArrayList<>(List.of("eval", labels.toString()));
                args.addAll(evalOptions);
                args.addAll(List.of("-o", judged.toString(), "--report", dir.resolve("report.html").toString()));
                err.println("composo: judging the " + labelled.rows() + " labelled rows (composo eval, results in " + judged + ")");
                err.flush();
                int code = ComposoCli.run(args.toArray(String[]::new));
                if (code == ComposoCli.USAGE) {
                    return ComposoCli.USAGE;
                }
            } else if (!evalOptions.isEmpty()) {
                err.println("composo: with --results nothing is judged again; unknown options: " + String.join(" ", evalOptions));
                return ComposoCli.USAGE;
            }
            RunResults run = RunResults.load(judged);
            RunManifest manifest = run.manifest();
            List<String> criteria = new ArrayList<>(new LinkedHashSet<>(manifest != null ? manifest.criteria() : List.copyOf(run.byCriterion().keySet())));
            List<CalibrationFile.Entry> entries = new ArrayList<>();
            List<ai.composo.cli.internal.calibrate.CalibrationReport.Section> sections = new ArrayList<>();
            out.println("Labels: " + labels + " (" + labelled.rows() + " labelled rows); judge: "
                    + (manifest == null || manifest.judge() == null ? "unknown (no run manifest)" : manifest.judge().describe()));
            out.println();
            out.println(String.format(Locale.ROOT, "%-4s %6s %9s %22s %9s %6s %6s %6s %15s %7s  %s", "", "labels", "good/bad", "ROC AUC (95% CI)",
                    "threshold", "TPR", "TNR", "BA", "acc (majority)", "kappa", "enough?"));
            for (int i = 0; i < criteria.size(); i++) {
                String c = criteria.get(i);
                List<Agreement.Labelled> rows = new ArrayList<>();
                Map<String, RunResults.Cell> cells = run.byCriterion().getOrDefault(c, Map.of());
                for (Map.Entry<String, RunResults.Cell> e : cells.entrySet()) {
                    int number = i + 1;
                    labelled.of(e.getKey(), number, c).ifPresent(good -> rows.add(new Agreement.Labelled(e.getValue().score(), good)));
                }
                Agreement a = Agreement.of(rows);
                sections.add(new ai.composo.cli.internal.calibrate.CalibrationReport.Section(i + 1, c, a, rows));
                boolean enough = a.labelsForPrecision() == 0;
                out.println(String.format(Locale.ROOT, "%-4s %6d %9s %22s %9s %6s %6s %6s %15s %7s  %s", "[" + (i + 1) + "]", a.n(),
                        a.good() + "/" + a.bad(), Double.isNaN(a.auc()) ? "-" : String.format(Locale.ROOT, "%.3f (%.3f-%.3f)", a.auc(), a.aucLow(), a.aucHigh()),
                        SummaryTable.fmt(a.threshold()), SummaryTable.fmt(a.tpr()), SummaryTable.fmt(a.tnr()), SummaryTable.fmt(a.balancedAccuracy()),
                        String.format(Locale.ROOT, "%s (%s)", SummaryTable.fmt(a.accuracy()), SummaryTable.fmt(a.majorityBaseline())), SummaryTable.fmt(a.kappa()),
                        a.labelsForPrecision() < 0 ? "no: needs both good and bad labels"
                                : enough ? "yes" : "no: about " + a.labelsForPrecision() + " more labels"));
                if (!Double.isNaN(a.threshold())) {
                    entries.add(new CalibrationFile.Entry(c, a.threshold(), a.n(), a.auc(), a.kappa(), enough));
                }
            }
            out.println();
            for (int i = 0; i < criteria.size(); i++) {
                out.println("  [" + (i + 1) + "] " + criteria.get(i));
            }
            Files.createDirectories(dir);
            Path file = dir.resolve("calibration.json");
            new CalibrationFile(1, manifest == null || manifest.judge() == null ? "unknown" : manifest.judge().describe(),
                    RunManifest.sha256(labels), labels.toString(), java.time.Instant.now().toString(), entries).write(file);
            Path html = dir.resolve("calibration.html");
            ai.composo.cli.internal.calibrate.CalibrationReport.write(html, "composo calibrate " + labels.getFileName(), sections);
            out.println();
            out.println("Calibration: " + file.toAbsolutePath().normalize() + "  (use: composo eval … --calibration " + file + ")");
            out.println("Report:      " + html.toAbsolutePath().normalize() + "  (ROC curve and reliability diagram per criterion)");
            if (entries.stream().anyMatch(e -> !e.enoughLabels())) {
                err.println("composo: warning: some criteria have too few labels to decide how far to trust the judge (see 'enough?')");
            }
            if (suggest != null) {
                suggestions(out, run, labelled, criteria, entries);
            }
            out.flush();
            return ComposoCli.OK;
        } catch (InputException e) {
            err.println("composo: " + e.getMessage());
            return ComposoCli.USAGE;
        } catch (java.io.IOException e) {
            err.println("composo: cannot write to " + dir + ": " + e.getMessage());
            return ComposoCli.USAGE;
        }
    }

    private void suggestions(PrintWriter out, RunResults run, Labels labelled, List<String> criteria, List<CalibrationFile.Entry> entries) {
        out.println();
        out.println("Worth labelling next (unlabelled rows closest to the threshold):");
        Map<Integer, List<Map.Entry<String, RunResults.Cell>>> unlabelled = new java.util.LinkedHashMap<>();
        for (CalibrationFile.Entry e : entries) {
            int number = criteria.indexOf(e.criterion()) + 1;
            List<Map.Entry<String, RunResults.Cell>> open = run.byCriterion().getOrDefault(e.criterion(), Map.of()).entrySet().stream()
                    .filter(x -> labelled.of(x.getKey(), number, e.criterion()).isEmpty()).toList();
            unlabelled.put(number, open);
            List<Map.Entry<String, RunResults.Cell>> closest = open.stream()
                    .sorted(Comparator.comparingDouble((Map.Entry<String, RunResults.Cell> x) -> Math.abs(x.getValue().score() - e.threshold()))
                            .thenComparing(Map.Entry::getKey))
                    .limit(suggest).toList();
            for (Map.Entry<String, RunResults.Cell> x : closest) {
                out.println(String.format(Locale.ROOT, "  [%d] %-32s score %.3f (threshold %.3f)", number, x.getKey(), x.getValue().score(), e.threshold()));
            }
            if (closest.isEmpty()) {
                out.println("  [" + number + "] every judged row is labelled");
            }
        }
        if (unlabelled.values().stream().flatMap(List::stream).noneMatch(x -> !Double.isNaN(x.getValue().spread()))) {
            return;
        }
        out.println();
        out.println("Worth labelling next (unlabelled rows the judge disagreed with itself on most, over its samples or repeats):");
        unlabelled.forEach((number, open) -> open.stream().filter(x -> x.getValue().spread() > 0)
                .sorted(Comparator.comparingDouble((Map.Entry<String, RunResults.Cell> x) -> -x.getValue().spread()).thenComparing(Map.Entry::getKey))
                .limit(suggest)
                .forEach(x -> out.println(String.format(Locale.ROOT, "  [%d] %-32s spread %.3f (mean score %.3f)", number, x.getKey(),
                        x.getValue().spread(), x.getValue().score()))));
    }

}

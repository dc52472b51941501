package ai.composo.cli;

import ai.composo.cli.internal.InputException;
import ai.composo.cli.internal.compare.CompareReport;
import ai.composo.cli.internal.compare.Comparison;
import ai.composo.cli.internal.compare.RunResults;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "compare", sortOptions = false, usageHelpAutoWidth = true, mixinStandardHelpOptions = true,
        header = "Compare two runs of 'composo eval': did the candidate get better or worse than the baseline?",
        descriptionHeading = "%n",
        description = {
                "Rows are matched by id (repeats are averaged first). For each criterion: the mean score of both runs over the rows both scored, the change with a 95% confidence interval, and a paired significance test: Wilcoxon signed-rank on the scores, exact McNemar on pass/fail verdicts. Then the rows that regressed and improved most, and the rows only one run has.",
                "",
                "Each run is a results file (.jsonl or .csv) or the folder holding results.jsonl/results.csv. The run manifests beside them are compared too: a warning says when the dataset (by SHA-256), the judge or the tool version differ.",
                ""},
        footerHeading = "%nExit codes:%n",
        footer = {
                "  0  compared (with --fail-on-regression: and no criterion regressed significantly)",
                "  1  --fail-on-regression and at least one criterion regressed (p < --alpha)",
                "  2  usage or input error (a file missing or not a results file)",
                "",
                "Examples:",
                "  composo eval data.jsonl --criteria-set rag -o runs/before/results.jsonl",
                "  composo eval data-new.jsonl --criteria-set rag -o runs/after/results.jsonl",
                "  composo compare runs/before runs/after --fail-on-regression --html compare.html"})
public final class CompareCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "BASELINE", description = "The earlier run: a results file or its folder.")
    Path baseline;

    @Parameters(index = "1", paramLabel = "CANDIDATE", description = "The run to check against it.")
    Path candidate;

    @Option(names = "--alpha", paramLabel = "P", defaultValue = "0.05",
            description = "Significance level of the tests (default: ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--top", paramLabel = "N", defaultValue = "10",
            description = "How many of the most regressed and most improved rows to list (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--html", paramLabel = "FILE", description = "Also write the comparison as a self-contained HTML page.")
    Path html;

    @Option(names = "--fail-on-regression", description = "Exit with code 1 when any criterion regressed significantly. For CI.")
    boolean failOnRegression;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!(alpha > 0 && alpha < 1)) {
            err.println("composo: --alpha must be between 0 and 1, got " + alpha);
            return ComposoCli.USAGE;
        }
        if (top < 0) {
            err.println("composo: --top must not be negative");
            return ComposoCli.USAGE;
        }
        try {
            RunResults a = RunResults.load(baseline);
            RunResults b = RunResults.load(candidate);
            Comparison c = Comparison.of(a, b, alpha, top);
            out.print(CompareReport.text(c, a, b));
            if (html != null) {
                CompareReport.html(c, a, b, html);
                out.println();
                out.println("Report: " + html.toAbsolutePath().normalize());
            }
            out.flush();
            if (c.anyRegression()) {
                err.println("composo: " + c.criteria().stream().filter(r -> r.verdict() == Comparison.Verdict.REGRESSED).count()
                        + " criteria regressed significantly (p < " + alpha + ")" + (failOnRegression ? "" : "; add --fail-on-regression to fail CI on it"));
                err.flush();
                return failOnRegression ? ComposoCli.THRESHOLD_FAILED : ComposoCli.OK;
            }
            return ComposoCli.OK;
        } catch (InputException e) {
            err.println("composo: " + e.getMessage());
            err.flush();
            return ComposoCli.USAGE;
        }
    }
}

package ai.composo.cli.internal.compare;

import ai.composo.cli.internal.RunManifest;
import ai.composo.cli.internal.Summary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.inference.AlternativeHypothesis;
import org.apache.commons.math3.stat.inference.BinomialTest;
import org.apache.commons.math3.stat.inference.WilcoxonSignedRankTest;

/**
 * Baseline against candidate, per criterion, over the rows both runs scored: the mean change with a 95 %
 * confidence interval (Student's t), a paired significance test (Wilcoxon signed-rank on the scores; exact
 * McNemar, a binomial test on the rows whose verdict changed, for pass/fail criteria), the rows that moved most,
 * and the rows only one run has. Statistics from Apache Commons Math.
 */
public final class Comparison {
    /** Rows with an exact Wilcoxon p-value; above it, the normal approximation. */
    private static final int EXACT_WILCOXON_MAX = 30;

    public enum Verdict { REGRESSED, IMPROVED, NO_SIGNIFICANT_CHANGE, TOO_FEW_ROWS }

    /** One criterion's comparison. {@code p} is the test's two-sided p-value (NaN without a test). */
    public record CriterionResult(String criterion, boolean passFail, int paired, double baselineMean, double candidateMean,
                                  double delta, double ciLow, double ciHigh, String test, double p,
                                  int passToFail, int failToPass, double baselinePassRate, double candidatePassRate,
                                  int onlyBaseline, int onlyCandidate, Verdict verdict) {}

    /** A row whose score moved, for the "moved most" list. */
    public record RowChange(String criterion, int criterionNumber, String id, double baseline, double candidate) {
        public double delta() {
            return candidate - baseline;
        }
    }

    private final List<CriterionResult> criteria;
    private final List<RowChange> regressed;
    private final List<RowChange> improved;
    private final List<String> warnings;
    private final List<String> onlyInOne;
    private final double alpha;

    private Comparison(List<CriterionResult> criteria, List<RowChange> regressed, List<RowChange> improved, List<String> warnings,
                       List<String> onlyInOne, double alpha) {
        this.criteria = criteria;
        this.regressed = regressed;
        this.improved = improved;
        this.warnings = warnings;
        this.onlyInOne = onlyInOne;
        this.alpha = alpha;
    }

    public static Comparison of(RunResults baseline, RunResults candidate, double alpha, int top) {
        List<String> warnings = new ArrayList<>(RunManifest.mismatches(baseline.manifest(), candidate.manifest()));
        if (baseline.manifest() == null || candidate.manifest() == null) {
            warnings.add("no run manifest beside " + (baseline.manifest() == null ? baseline.file() : candidate.file())
                    + ": whether both runs judged the same dataset with the same judge cannot be checked");
        }
        // Numbered as the runs' summaries number them: in the manifest's order, then any others as they appear.
        Set<String> names = new LinkedHashSet<>();
        for (RunResults r : List.of(baseline, candidate)) {
            if (r.manifest() != null) {
                names.addAll(r.manifest().criteria());
            }
        }
        names.addAll(baseline.byCriterion().keySet());
        names.addAll(candidate.byCriterion().keySet());
        List<CriterionResult> results = new ArrayList<>();
        List<RowChange> changes = new ArrayList<>();
        List<String> onlyInOne = new ArrayList<>();
        int number = 0;
        for (String c : names) {
            number++;
            Map<String, RunResults.Cell> a = baseline.byCriterion().getOrDefault(c, Map.of());
            Map<String, RunResults.Cell> b = candidate.byCriterion().getOrDefault(c, Map.of());
            if (a.isEmpty() || b.isEmpty()) {
                onlyInOne.add("[" + number + "] " + c + ": " + (a.isEmpty() && b.isEmpty() ? "scored in neither run"
                        : "scored only in the " + (a.isEmpty() ? "candidate" : "baseline")));
            }
            results.add(criterion(c, number, a, b, alpha, changes));
        }
        List<RowChange> down = changes.stream().filter(r -> r.delta() < 0)
                .sorted(Comparator.comparingDouble(RowChange::delta).thenComparing(RowChange::id)).limit(top).toList();
        List<RowChange> up = changes.stream().filter(r -> r.delta() > 0)
                .sorted(Comparator.comparingDouble(RowChange::delta).reversed().thenComparing(RowChange::id)).limit(top).toList();
        return new Comparison(results, down, up, warnings, onlyInOne, alpha);
    }

    private static CriterionResult criterion(String c, int number, Map<String, RunResults.Cell> a, Map<String, RunResults.Cell> b,
                                             double alpha, List<RowChange> changes) {
        boolean passFail = Summary.isPassFail(c);
        List<double[]> pairs = new ArrayList<>();
        int passToFail = 0;
        int failToPass = 0;
        int basePass = 0;
        int candPass = 0;
        int verdicts = 0;
        for (Map.Entry<String, RunResults.Cell> e : a.entrySet()) {
            RunResults.Cell y = b.get(e.getKey());
            if (y == null) {
                continue;
            }
            RunResults.Cell x = e.getValue();
            pairs.add(new double[] {x.score(), y.score()});
            if (x.score() != y.score()) {
                changes.add(new RowChange(c, number, e.getKey(), x.score(), y.score()));
            }
            if (x.passed() != null && y.passed() != null) {
                verdicts++;
                basePass += x.passed() ? 1 : 0;
                candPass += y.passed() ? 1 : 0;
                if (x.passed() && !y.passed()) {
                    passToFail++;
                } else if (!x.passed() && y.passed()) {
                    failToPass++;
                }
            }
        }
        int onlyBaseline = (int) a.keySet().stream().filter(id -> !b.containsKey(id)).count();
        int onlyCandidate = (int) b.keySet().stream().filter(id -> !a.containsKey(id)).count();
        int n = pairs.size();
        double meanA = pairs.stream().mapToDouble(p -> p[0]).average().orElse(Double.NaN);
        double meanB = pairs.stream().mapToDouble(p -> p[1]).average().orElse(Double.NaN);
        double delta = meanB - meanA;
        double lo = Double.NaN;
        double hi = Double.NaN;
        if (n >= 2) {
            double sd = Math.sqrt(pairs.stream().mapToDouble(p -> Math.pow(p[1] - p[0] - delta, 2)).sum() / (n - 1));
            double half = new TDistribution(n - 1).inverseCumulativeProbability(0.975) * sd / Math.sqrt(n);
            lo = delta - half;
            hi = delta + half;
        }
        String test;
        double p;
        if (passFail && verdicts > 0) {
            test = "McNemar (exact)";
            int discordant = passToFail + failToPass;
            p = discordant == 0 ? 1.0 : new BinomialTest().binomialTest(discordant, passToFail, 0.5, AlternativeHypothesis.TWO_SIDED);
        } else {
            test = "Wilcoxon signed-rank";
            p = wilcoxon(pairs);
        }
        Verdict verdict;
        if (n < 2) {
            verdict = Verdict.TOO_FEW_ROWS;
        } else if (!(p < alpha)) {
            verdict = Verdict.NO_SIGNIFICANT_CHANGE;
        } else {
            double direction = passFail && verdicts > 0 ? candPass - basePass : delta;
            verdict = direction < 0 ? Verdict.REGRESSED : direction > 0 ? Verdict.IMPROVED : Verdict.NO_SIGNIFICANT_CHANGE;
        }
        return new CriterionResult(c, passFail, n, meanA, meanB, delta, lo, hi, test, p, passToFail, failToPass,
                verdicts == 0 ? Double.NaN : basePass / (double) verdicts, verdicts == 0 ? Double.NaN : candPass / (double) verdicts,
                onlyBaseline, onlyCandidate, verdict);
    }

    /** Two-sided p of the signed-rank test on the rows whose score changed (unchanged rows carry no sign). */
    private static double wilcoxon(List<double[]> pairs) {
        List<double[]> changed = pairs.stream().filter(p -> p[0] != p[1]).toList();
        if (changed.isEmpty()) {
            return 1.0;
        }
        if (changed.size() < 2) {
            return Double.NaN;
        }
        double[] x = changed.stream().mapToDouble(p -> p[0]).toArray();
        double[] y = changed.stream().mapToDouble(p -> p[1]).toArray();
        return new WilcoxonSignedRankTest().wilcoxonSignedRankTest(x, y, changed.size() <= EXACT_WILCOXON_MAX);
    }

    public List<CriterionResult> criteria() {
        return criteria;
    }

    /** The rows whose score fell most, worst first. */
    public List<RowChange> regressedRows() {
        return regressed;
    }

    public List<RowChange> improvedRows() {
        return improved;
    }

    public List<String> warnings() {
        return warnings;
    }

    public List<String> criteriaInOneRunOnly() {
        return onlyInOne;
    }

    public double alpha() {
        return alpha;
    }

    public boolean anyRegression() {
        return criteria.stream().anyMatch(c -> c.verdict() == Verdict.REGRESSED);
    }
}

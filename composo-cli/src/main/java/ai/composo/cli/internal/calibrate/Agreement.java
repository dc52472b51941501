package ai.composo.cli.internal.calibrate;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.math3.random.MersenneTwister;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.stat.ranking.NaNStrategy;
import org.apache.commons.math3.stat.ranking.NaturalRanking;
import org.apache.commons.math3.stat.ranking.TiesStrategy;

/**
 * How well a judge's scores agree with human labels on one criterion: ROC AUC (from average ranks, ties counted
 * half) with a percentile bootstrap interval, the threshold that maximises balanced accuracy, and at it the
 * true-positive and true-negative rates, accuracy, Cohen's κ and the majority-class baseline. Deterministic: the
 * bootstrap uses a fixed seed.
 */
public record Agreement(int n, int good, int bad, double auc, double aucLow, double aucHigh, double threshold,
                        double tpr, double tnr, double balancedAccuracy, double accuracy, double majorityBaseline,
                        double kappa, int labelsForPrecision) {

    /** Half-width of the AUC's 95 % interval below which the labels are enough to decide. */
    public static final double TARGET_HALF_WIDTH = 0.10;
    private static final int BOOTSTRAP = 2000;

    /** One labelled row: the judge's score and whether a person labelled it good. */
    public record Labelled(double score, boolean good) {}

    public static Agreement of(List<Labelled> rows) {
        int good = (int) rows.stream().filter(Labelled::good).count();
        int bad = rows.size() - good;
        double auc = auc(rows);
        double[] ci = bootstrap(rows);
        double best = Double.NaN;
        double bestBa = -1;
        double[] cuts = rows.stream().mapToDouble(Labelled::score).distinct().sorted().toArray();
        for (double t : cuts) {
            double ba = (rate(rows, t, true) + rate(rows, t, false)) / 2;
            if (ba > bestBa) {
                bestBa = ba;
                best = t;
            }
        }
        double tpr = good == 0 ? Double.NaN : rate(rows, best, true);
        double tnr = bad == 0 ? Double.NaN : rate(rows, best, false);
        double cut = best;
        double accuracy = rows.isEmpty() || Double.isNaN(cut) ? Double.NaN
                : rows.stream().filter(r -> (r.score() >= cut) == r.good()).count() / (double) rows.size();
        double majority = rows.isEmpty() ? Double.NaN : Math.max(good, bad) / (double) rows.size();
        return new Agreement(rows.size(), good, bad, auc, ci[0], ci[1], best, tpr, tnr, bestBa < 0 ? Double.NaN : bestBa, accuracy,
                majority, kappa(rows, best), labelsNeeded(auc, good, bad));
    }

    /** Share of the good (or bad) rows the threshold classifies right: good when score ≥ t. */
    private static double rate(List<Labelled> rows, double t, boolean ofGood) {
        long n = rows.stream().filter(r -> r.good() == ofGood).count();
        long right = rows.stream().filter(r -> r.good() == ofGood && (r.score() >= t) == ofGood).count();
        return n == 0 ? Double.NaN : right / (double) n;
    }

    /** Mann-Whitney: (sum of the good rows' average ranks − g(g+1)/2) / (g·b). */
    static double auc(List<Labelled> rows) {
        int g = (int) rows.stream().filter(Labelled::good).count();
        int b = rows.size() - g;
        if (g == 0 || b == 0) {
            return Double.NaN;
        }
        double[] ranks = new NaturalRanking(NaNStrategy.FAILED, TiesStrategy.AVERAGE).rank(rows.stream().mapToDouble(Labelled::score).toArray());
        double sum = 0;
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).good()) {
                sum += ranks[i];
            }
        }
        return (sum - g * (g + 1) / 2.0) / ((double) g * b);
    }

    private static double[] bootstrap(List<Labelled> rows) {
        if (rows.size() < 2) {
            return new double[] {Double.NaN, Double.NaN};
        }
        RandomGenerator random = new MersenneTwister(20261202L);
        double[] aucs = new double[BOOTSTRAP];
        int kept = 0;
        Labelled[] sample = new Labelled[rows.size()];
        for (int i = 0; i < BOOTSTRAP; i++) {
            for (int j = 0; j < sample.length; j++) {
                sample[j] = rows.get(random.nextInt(rows.size()));
            }
            double a = auc(Arrays.asList(sample));
            if (!Double.isNaN(a)) {
                aucs[kept++] = a;
            }
        }
        if (kept == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double[] sorted = Arrays.copyOf(aucs, kept);
        Arrays.sort(sorted);
        return new double[] {sorted[(int) Math.floor(0.025 * (kept - 1))], sorted[(int) Math.ceil(0.975 * (kept - 1))]};
    }

    /** Cohen's κ between the human labels and the judge's verdicts at threshold t. */
    static double kappa(List<Labelled> rows, double t) {
        if (rows.isEmpty() || Double.isNaN(t)) {
            return Double.NaN;
        }
        double n = rows.size();
        double agree = rows.stream().filter(r -> (r.score() >= t) == r.good()).count() / n;
        double humanGood = rows.stream().filter(Labelled::good).count() / n;
        double judgeGood = rows.stream().filter(r -> r.score() >= t).count() / n;
        double chance = humanGood * judgeGood + (1 - humanGood) * (1 - judgeGood);
        return chance == 1 ? Double.NaN : (agree - chance) / (1 - chance);
    }

    /**
     * How many more labels (in the same good/bad mix) the AUC's 95 % interval needs to be at most
     * ±{@value #TARGET_HALF_WIDTH} wide, by the Hanley-McNeil standard error; 0 when it already is.
     */
    static int labelsNeeded(double auc, int good, int bad) {
        if (good == 0 || bad == 0 || Double.isNaN(auc)) {
            return -1;
        }
        double share = good / (double) (good + bad);
        for (int extra = 0; extra <= 100_000; extra += extra < 100 ? 1 : 10) {
            int n = good + bad + extra;
            int g = Math.max(1, (int) Math.round(n * share));
            int b = Math.max(1, n - g);
            if (1.96 * hanleyMcNeil(auc, g, b) <= TARGET_HALF_WIDTH) {
                return extra;
            }
        }
        return 100_000;
    }

    static double hanleyMcNeil(double a, int g, int b) {
        double q1 = a / (2 - a);
        double q2 = 2 * a * a / (1 + a);
        return Math.sqrt((a * (1 - a) + (g - 1) * (q1 - a * a) + (b - 1) * (q2 - a * a)) / ((double) g * b));
    }

    /** Rows sorted by score, for the ROC curve: (false-positive rate, true-positive rate) points. */
    public static double[][] rocPoints(List<Labelled> rows) {
        List<Labelled> sorted = rows.stream().sorted(Comparator.comparingDouble(Labelled::score).reversed()).toList();
        int g = (int) rows.stream().filter(Labelled::good).count();
        int b = rows.size() - g;
        double[][] pts = new double[sorted.size() + 1][];
        pts[0] = new double[] {0, 0};
        int tp = 0;
        int fp = 0;
        for (int i = 0; i < sorted.size(); i++) {
            if (sorted.get(i).good()) {
                tp++;
            } else {
                fp++;
            }
            pts[i + 1] = new double[] {b == 0 ? 0 : fp / (double) b, g == 0 ? 0 : tp / (double) g};
        }
        return pts;
    }
}

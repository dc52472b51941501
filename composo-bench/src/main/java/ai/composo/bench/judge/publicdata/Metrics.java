package ai.composo.bench.judge.publicdata;

import java.util.Arrays;

/**
 * The benchmark's figures for one (kind, phrasing), all on pairs {@code (good[i], bad[i])}:
 *
 * <ul>
 *   <li><b>pairwise accuracy</b>: share of pairs where the good response scores higher; a tie counts half;</li>
 *   <li><b>pooled ROC AUC</b>: every good score against every bad score across all pairs (Mann–Whitney U divided
 *       by n<sub>good</sub>·n<sub>bad</sub>, ties half, computed from average ranks); it asks whether one
 *       threshold separates good from bad responses across contexts, which pairwise accuracy does not;</li>
 *   <li><b>balanced accuracy</b>: mean of the share of good responses predicted good and the share of bad
 *       responses predicted bad (predicted good = score ≥ 0.5, or for pass/fail criteria the verdict itself).</li>
 * </ul>
 */
public final class Metrics {
    private Metrics() {}

    public static double pairwiseAccuracy(double[] good, double[] bad) {
        check(good.length == bad.length, "pairwise accuracy needs as many good as bad scores");
        if (good.length == 0) {
            return Double.NaN;
        }
        double credit = 0;
        for (int i = 0; i < good.length; i++) {
            credit += good[i] > bad[i] ? 1.0 : good[i] == bad[i] ? 0.5 : 0.0;
        }
        return credit / good.length;
    }

    /** P(score of a random good &gt; score of a random bad) + ½ P(equal). */
    public static double auc(double[] good, double[] bad) {
        int n1 = good.length;
        int n2 = bad.length;
        if (n1 == 0 || n2 == 0) {
            return Double.NaN;
        }
        double[][] all = new double[n1 + n2][];
        for (int i = 0; i < n1; i++) {
            all[i] = new double[] {good[i], 1};
        }
        for (int i = 0; i < n2; i++) {
            all[n1 + i] = new double[] {bad[i], 0};
        }
        Arrays.sort(all, (a, b) -> Double.compare(a[0], b[0]));
        double rankSumGood = 0;
        int i = 0;
        while (i < all.length) {
            int j = i;
            while (j + 1 < all.length && all[j + 1][0] == all[i][0]) {
                j++;
            }
            double avgRank = (i + j) / 2.0 + 1; // ranks are 1-based
            for (int k = i; k <= j; k++) {
                if (all[k][1] == 1) {
                    rankSumGood += avgRank;
                }
            }
            i = j + 1;
        }
        double u = rankSumGood - n1 * (n1 + 1) / 2.0;
        return u / ((double) n1 * n2);
    }

    /** (share of good predicted good + share of bad predicted bad) / 2. */
    public static double balancedAccuracy(boolean[] goodPredictedGood, boolean[] badPredictedGood) {
        if (goodPredictedGood.length == 0 || badPredictedGood.length == 0) {
            return Double.NaN;
        }
        double tpr = count(goodPredictedGood) / (double) goodPredictedGood.length;
        double tnr = 1 - count(badPredictedGood) / (double) badPredictedGood.length;
        return (tpr + tnr) / 2;
    }

    /** Balanced accuracy with "score ≥ threshold" as the prediction "good". */
    public static double balancedAccuracyAt(double[] good, double[] bad, double threshold) {
        return balancedAccuracy(atLeast(good, threshold), atLeast(bad, threshold));
    }

    /** Half-width of the normal-approximation 95 % interval of a proportion p over n trials. */
    public static double halfWidth95(double p, int n) {
        return n == 0 || Double.isNaN(p) ? Double.NaN : 1.96 * Math.sqrt(p * (1 - p) / n);
    }

    private static boolean[] atLeast(double[] s, double t) {
        boolean[] out = new boolean[s.length];
        for (int i = 0; i < s.length; i++) {
            out[i] = s[i] >= t;
        }
        return out;
    }

    private static int count(boolean[] b) {
        int c = 0;
        for (boolean x : b) {
            if (x) {
                c++;
            }
        }
        return c;
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}

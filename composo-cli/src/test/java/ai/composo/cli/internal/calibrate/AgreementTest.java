package ai.composo.cli.internal.calibrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.commons.math3.stat.inference.MannWhitneyUTest;
import org.junit.jupiter.api.Test;

/** Calibration statistics against hand-computed values and a library's Mann-Whitney U. */
class AgreementTest {
    static Agreement.Labelled l(double score, boolean good) {
        return new Agreement.Labelled(score, good);
    }

    @Test
    void aSmallCaseComputedByHand() {
        // good 0.9, 0.7; bad 0.8, 0.3: 3 of the 4 (good, bad) pairs are ordered right → AUC 0.75
        Agreement a = Agreement.of(List.of(l(0.9, true), l(0.8, false), l(0.7, true), l(0.3, false)));
        assertThat(a.auc()).isEqualTo(0.75);
        // thresholds 0.7 and 0.9 both give balanced accuracy 0.75; the lower one is kept
        assertThat(a.threshold()).isEqualTo(0.7);
        assertThat(a.tpr()).isEqualTo(1.0);
        assertThat(a.tnr()).isEqualTo(0.5);
        assertThat(a.balancedAccuracy()).isEqualTo(0.75);
        assertThat(a.accuracy()).isEqualTo(0.75);
        assertThat(a.majorityBaseline()).isEqualTo(0.5);
        // observed agreement 0.75, chance 0.5 × 0.75 + 0.5 × 0.25 = 0.5 → κ = 0.5
        assertThat(a.kappa()).isCloseTo(0.5, within(1e-12));
        // Hanley-McNeil for A = 0.75, 2 good, 2 bad: sqrt((0.1875 + (0.6 − 0.5625) + (0.642857 − 0.5625)) / 4)
        assertThat(Agreement.hanleyMcNeil(0.75, 2, 2)).isCloseTo(0.27630, within(1e-4));
        assertThat(a.labelsForPrecision()).isPositive();
        assertThat(a.aucLow()).isLessThanOrEqualTo(a.auc());
        assertThat(a.aucHigh()).isGreaterThanOrEqualTo(a.auc());
    }

    @Test
    void aucMatchesTheMannWhitneyUOfCommonsMathWithTies() {
        Random r = new Random(3);
        for (int trial = 0; trial < 50; trial++) {
            List<Agreement.Labelled> rows = new ArrayList<>();
            List<Double> good = new ArrayList<>();
            List<Double> bad = new ArrayList<>();
            for (int i = 0; i < 10 + r.nextInt(40); i++) {
                boolean g = r.nextBoolean() || i == 0;
                double s = Math.round(r.nextDouble() * (g ? 12 : 10)) / 10.0; // rounded: many ties
                rows.add(l(s, g));
                (g ? good : bad).add(s);
            }
            if (bad.isEmpty()) {
                continue;
            }
            double u = new MannWhitneyUTest().mannWhitneyU(good.stream().mapToDouble(Double::doubleValue).toArray(),
                    bad.stream().mapToDouble(Double::doubleValue).toArray());
            double auc = Agreement.auc(rows);
            double max = Math.max(auc, 1 - auc);
            assertThat(max * good.size() * bad.size()).as("trial %d", trial).isCloseTo(u, within(1e-9));
        }
    }

    @Test
    void perfectSeparationNeedsNoMoreLabelsOnceThereAreEnough() {
        List<Agreement.Labelled> rows = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            rows.add(l(0.6 + i / 1000.0, true));
            rows.add(l(0.4 - i / 1000.0, false));
        }
        Agreement a = Agreement.of(rows);
        assertThat(a.auc()).isEqualTo(1.0);
        assertThat(a.kappa()).isEqualTo(1.0);
        assertThat(a.threshold()).isEqualTo(0.6);
        assertThat(a.labelsForPrecision()).isZero();
        assertThat(Agreement.of(List.of(l(0.5, true), l(0.6, true))).labelsForPrecision()).as("no bad labels").isEqualTo(-1);
    }
}

package ai.composo.bench.judge.publicdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void aucMatchesAHandCountedCaseWithATie() {
        // good 0.9 beats all three bad scores (3); 0.6 beats 0.5 and 0.4 (2); 0.5 ties 0.5 (½) and beats 0.4 (1):
        // 6.5 of 9 (good, bad) combinations.
        double[] good = {0.9, 0.6, 0.5};
        double[] bad = {0.5, 0.4, 0.7};
        assertThat(Metrics.auc(good, bad)).isCloseTo(6.5 / 9, within(1e-12));
    }

    @Test
    void aucBounds() {
        assertThat(Metrics.auc(new double[] {0.8, 0.9}, new double[] {0.1, 0.2, 0.3})).isEqualTo(1.0);
        assertThat(Metrics.auc(new double[] {0.1}, new double[] {0.2, 0.3})).isEqualTo(0.0);
        assertThat(Metrics.auc(new double[] {0.5, 0.5}, new double[] {0.5})).isEqualTo(0.5);
        assertThat(Metrics.auc(new double[] {}, new double[] {0.5})).isNaN();
    }

    @Test
    void aucIsNotPairwiseAccuracy() {
        // every pair is ordered right, but pooled the contexts overlap: 3 of 4 combinations
        double[] good = {0.9, 0.4};
        double[] bad = {0.5, 0.1};
        assertThat(Metrics.pairwiseAccuracy(good, bad)).isEqualTo(1.0);
        assertThat(Metrics.auc(good, bad)).isEqualTo(0.75);
    }

    @Test
    void pairwiseTiesCountHalf() {
        double[] good = {1.0, 0.5, 0.2, 0.3};
        double[] bad = {0.5, 0.5, 0.4, 0.3};
        // win, tie, loss, tie
        assertThat(Metrics.pairwiseAccuracy(good, bad)).isEqualTo(0.5);
        assertThat(Metrics.pairwiseAccuracy(new double[] {0.5}, new double[] {0.5})).isEqualTo(0.5);
    }

    @Test
    void balancedAccuracyAtThresholdCountsTheThresholdAsGood() {
        double[] good = {0.6, 0.4, 0.5}; // 0.6 and 0.5 predicted good: TPR 2/3
        double[] bad = {0.5, 0.2};       // 0.2 predicted bad: TNR 1/2
        assertThat(Metrics.balancedAccuracyAt(good, bad, 0.5)).isCloseTo((2.0 / 3 + 0.5) / 2, within(1e-12));
    }

    @Test
    void balancedAccuracyOfVerdicts() {
        boolean[] good = {true, true, true, false}; // TPR 3/4
        boolean[] bad = {false, true};              // TNR 1/2
        assertThat(Metrics.balancedAccuracy(good, bad)).isEqualTo(0.625);
        // everything "good": chance, whatever the class sizes
        assertThat(Metrics.balancedAccuracy(new boolean[] {true, true, true}, new boolean[] {true})).isEqualTo(0.5);
    }
}

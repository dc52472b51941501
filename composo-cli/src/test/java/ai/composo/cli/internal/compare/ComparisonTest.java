package ai.composo.cli.internal.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.composo.cli.internal.OutputFormat;
import ai.composo.cli.internal.ResultFile;
import ai.composo.cli.internal.ResultRecord;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The statistics of compare, against values computed by hand. */
class ComparisonTest {
    static final String SCORED = "Reward responses that answer the question";
    static final String BINARY = "Response passes if it cites the policy";

    @TempDir
    Path dir;

    private Path write(String name, double[] scored, boolean[] binary) {
        Path p = dir.resolve(name);
        try (ResultFile f = ResultFile.open(p, OutputFormat.JSONL, false)) {
            for (int i = 0; i < scored.length; i++) {
                f.write(new ResultRecord("row-" + i, (long) i, SCORED, 1, scored[i], null, "x", null, 1L, false));
            }
            for (int i = 0; i < binary.length; i++) {
                f.write(new ResultRecord("row-" + i, (long) i, BINARY, 1, binary[i] ? 1.0 : 0.0, binary[i], "x", null, 1L, false));
            }
        }
        return p;
    }

    @Test
    void meanDeltaConfidenceIntervalAndExactTests() {
        // differences 0.1, 0.2, 0.3, 0.4, 0.5 (all negative): mean -0.3, sd 0.1581, t(4, .975) = 2.7764
        double[] a = {0.9, 0.9, 0.9, 0.9, 0.9};
        double[] b = {0.8, 0.7, 0.6, 0.5, 0.4};
        // 9 rows pass in the baseline; 6 of them fail in the candidate, none the other way
        boolean[] x = {true, true, true, true, true, true, true, true, true, false};
        boolean[] y = {false, false, false, false, false, false, true, true, true, false};
        Comparison c = Comparison.of(RunResults.load(write("a.jsonl", a, x)), RunResults.load(write("b.jsonl", b, y)), 0.05, 3);
        Comparison.CriterionResult s = c.criteria().get(0);
        assertThat(s.criterion()).isEqualTo(SCORED);
        assertThat(s.paired()).isEqualTo(5);
        assertThat(s.delta()).isCloseTo(-0.3, within(1e-12));
        double half = 2.776445105 * 0.158113883 / Math.sqrt(5);
        assertThat(s.ciLow()).isCloseTo(-0.3 - half, within(1e-6));
        assertThat(s.ciHigh()).isCloseTo(-0.3 + half, within(1e-6));
        // exact signed-rank: all 5 ranks on one side, W+ = 0; P(W <= 0) = 1/32, two-sided 2/32
        assertThat(s.test()).isEqualTo("Wilcoxon signed-rank");
        assertThat(s.p()).isCloseTo(2.0 / 32, within(1e-12));
        // 0.0625 is not below 0.05: five rows cannot show it
        assertThat(s.verdict()).isEqualTo(Comparison.Verdict.NO_SIGNIFICANT_CHANGE);

        Comparison.CriterionResult p = c.criteria().get(1);
        assertThat(p.test()).isEqualTo("McNemar (exact)");
        assertThat(p.passToFail()).isEqualTo(6);
        assertThat(p.failToPass()).isZero();
        // two-sided binomial, 6 of 6 discordant rows one way: 2 × 0.5^6
        assertThat(p.p()).isCloseTo(2 * Math.pow(0.5, 6), within(1e-12));
        assertThat(p.verdict()).isEqualTo(Comparison.Verdict.REGRESSED);
        assertThat(p.baselinePassRate()).isCloseTo(0.9, within(1e-12));
        assertThat(p.candidatePassRate()).isCloseTo(0.3, within(1e-12));
        assertThat(c.anyRegression()).isTrue();
        assertThat(c.regressedRows()).hasSize(3);
        assertThat(c.regressedRows().get(0).delta()).isCloseTo(-1.0, within(1e-12));
    }

    @Test
    void unchangedRowsCarryNoSignAndMissingRowsAreCounted() {
        double[] a = {0.5, 0.5, 0.5, 0.2};
        double[] b = {0.5, 0.5, 0.5};
        Comparison c = Comparison.of(RunResults.load(write("a.jsonl", a, new boolean[0])), RunResults.load(write("b.jsonl", b, new boolean[0])), 0.05, 10);
        Comparison.CriterionResult s = c.criteria().get(0);
        assertThat(s.paired()).isEqualTo(3);
        assertThat(s.p()).isEqualTo(1.0);
        assertThat(s.onlyBaseline()).isEqualTo(1);
        assertThat(s.onlyCandidate()).isZero();
        assertThat(c.regressedRows()).isEmpty();
        assertThat(c.warnings()).anySatisfy(w -> assertThat(w).contains("no run manifest"));
    }

    @Test
    void manyRowsUseTheNormalApproximationAndFindAConsistentDrop() {
        int n = 60;
        double[] a = new double[n];
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = 0.5 + (i % 7) * 0.05;
            b[i] = a[i] - 0.02 - (i % 3) * 0.01 + (i % 10 == 0 ? 0.05 : 0);
        }
        Comparison c = Comparison.of(RunResults.load(write("a.jsonl", a, new boolean[0])), RunResults.load(write("b.jsonl", b, new boolean[0])), 0.05, 5);
        Comparison.CriterionResult s = c.criteria().get(0);
        assertThat(s.p()).isLessThan(1e-6);
        assertThat(s.verdict()).isEqualTo(Comparison.Verdict.REGRESSED);
        assertThat(s.ciHigh()).isNegative();
    }
}

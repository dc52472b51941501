package ai.composo.junit;

import ai.composo.cli.internal.InputException;
import ai.composo.cli.internal.compare.CompareReport;
import ai.composo.cli.internal.compare.Comparison;
import ai.composo.cli.internal.compare.RunResults;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks a class's results against its {@link ComposoRegressionGate} baseline with {@code composo compare}'s comparison. */
final class RegressionGate {
    private RegressionGate() {}

    static void check(ComposoRegressionGate gate, Path candidate, ClassLoader loader) {
        Path baseline = Locations.resolve(gate.baseline(), loader);
        if (candidate == null) {
            throw new AssertionError("Composo regression gate: the class evaluated nothing to compare with " + gate.baseline());
        }
        if (baseline == null || !Files.isRegularFile(baseline)) {
            throw new AssertionError("Composo regression gate: no baseline at " + gate.baseline() + ". This run's results are in "
                    + candidate.toAbsolutePath().normalize() + " (with its manifest beside it): review them and commit both as the baseline.");
        }
        if (!(gate.alpha() > 0 && gate.alpha() < 1)) {
            throw new IllegalArgumentException("ComposoRegressionGate alpha must be between 0 and 1, got " + gate.alpha());
        }
        RunResults base;
        RunResults cand;
        try {
            base = RunResults.load(baseline);
            cand = RunResults.load(candidate);
        } catch (InputException e) {
            throw new AssertionError("Composo regression gate: " + e.getMessage(), e);
        }
        Comparison c = Comparison.of(base, cand, gate.alpha(), 10);
        if (c.anyRegression()) {
            throw new AssertionError("Composo regression gate: a criterion regressed against " + gate.baseline() + "\n"
                    + CompareReport.text(c, base, cand));
        }
    }
}

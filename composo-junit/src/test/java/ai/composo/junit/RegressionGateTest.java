package ai.composo.junit;

import static org.assertj.core.api.Assertions.assertThat;

import ai.composo.cli.internal.RunManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** The gate both ways: no baseline, a run that matches its baseline, and a regressed run (the example's regressed twin). */
class RegressionGateTest {
    static final Path BASELINE = Path.of(GateCases.BASELINE);

    @AfterAll
    static void reset() {
        GateCases.regressed = false;
    }

    @Test
    void withoutABaselineTheGateFailsSayingWhereThisRunsResultsAre(@TempDir Path first, @TempDir Path second, @TempDir Path third) throws Exception {
        Files.deleteIfExists(BASELINE);
        Files.deleteIfExists(RunManifest.pathFor(BASELINE));
        GateCases.regressed = false;
        EngineExecutionResults noBaseline = TestKit.run(first, GateCases.class);
        Path produced = ClassRun.fileFor(first, GateCases.class);
        assertThat(noBaseline.testEvents().failed().count()).isZero();
        assertThat(TestKit.containerFailure(noBaseline, "GateCases")).isEqualTo("Composo regression gate: no baseline at " + GateCases.BASELINE
                + ". This run's results are in " + produced.toAbsolutePath().normalize()
                + " (with its manifest beside it): review them and commit both as the baseline.");

        // accepting the run as the baseline, as the message says
        Files.createDirectories(BASELINE.getParent());
        Files.copy(produced, BASELINE, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(RunManifest.pathFor(produced), RunManifest.pathFor(BASELINE), StandardCopyOption.REPLACE_EXISTING);

        EngineExecutionResults same = TestKit.run(second, GateCases.class);
        assertThat(same.containerEvents().failed().count()).isZero();
        assertThat(same.testEvents().failed().count()).isZero();
        assertThat(same.testEvents().succeeded().count()).isEqualTo(26);

        GateCases.regressed = true;
        EngineExecutionResults worse = TestKit.run(third, GateCases.class);
        assertThat(worse.testEvents().failed().count()).isZero();
        assertThat(TestKit.containerFailure(worse, "GateCases"))
                .startsWith("Composo regression gate: a criterion regressed against " + GateCases.BASELINE + "\n")
                .contains("REGRESSED (p < 0.050)");
    }
}

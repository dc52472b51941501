package ai.composo.junit;

import ai.composo.AsyncComposo;
import ai.composo.Composo;
import ai.composo.cli.TargetOptions;
import ai.composo.cli.internal.HtmlReport;
import ai.composo.cli.internal.OutputFormat;
import ai.composo.cli.internal.ResultRecord;
import ai.composo.cli.internal.Target;
import ai.composo.cli.internal.calibrate.CalibrationFile;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One test run's evaluation target (an in-process server with the embedded judge unless a server or API key is
 * configured), its clients, and its results: every evaluation goes to {@code results.jsonl} in the output folder,
 * and when the run ends, to {@code report.html}. Kept in JUnit's root store, which closes it after the last test.
 */
final class TestRun implements AutoCloseable {
    private final Settings settings;
    private final Target target;
    private final Composo blocking;
    private final String runId = UUID.randomUUID().toString();
    private final ResultsSink results;
    private final Map<String, String> readings = new ConcurrentHashMap<>();
    private final CalibrationFile calibration;

    private TestRun(Settings settings, Target target, Composo blocking, CalibrationFile calibration) {
        this.settings = settings;
        this.calibration = calibration;
        this.target = target;
        this.blocking = blocking;
        this.results = new ResultsSink(settings.outputDir().resolve("results.jsonl"), runId, target.judge());
    }

    static TestRun start(Settings settings) {
        TargetOptions o = new TargetOptions();
        o.baseUrl = settings.baseUrl();
        o.apiKey = settings.apiKey();
        o.judgeConfig = settings.judgeConfig();
        o.modelCore = settings.modelCore();
        o.localDb = "memory";
        Target target;
        try {
            target = Target.open(o, new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Composo: " + e.getMessage(), e);
        }
        try {
            Composo.Builder b = Composo.builder().apiKey(target.apiKey()).baseUrl(target.baseUrl());
            if (settings.modelCore() != null) {
                b.modelCore(settings.modelCore());
            }
            CalibrationFile calibration = null;
            if (settings.calibration() != null) {
                try {
                    calibration = CalibrationFile.read(settings.calibration());
                    calibration.requireJudge(target.judge(), calibrationSource(settings));
                } catch (IllegalArgumentException | ai.composo.cli.internal.InputException e) {
                    throw new IllegalStateException("Composo: " + e.getMessage(), e);
                }
            }
            return new TestRun(settings, target, b.build(), calibration);
        } catch (RuntimeException e) {
            target.close();
            throw e;
        }
    }

    /**
     * The check with the run's calibrated threshold (unless the test chose one), or the check itself when the run has
     * no calibration. An {@link IllegalStateException} when the calibration has no threshold for the criterion.
     */
    Check calibrate(Check check) {
        if (calibration == null) {
            return check;
        }
        try {
            return check.calibrated(calibration.threshold(check.criterion(), calibrationSource(settings)), settings.calibration().toString());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Composo: " + e.getMessage(), e);
        }
    }

    private static String calibrationSource(Settings settings) {
        return Settings.CALIBRATION + "=" + settings.calibration();
    }

    AsyncComposo async() {
        return target.client();
    }

    Composo blocking() {
        return blocking;
    }

    String runId() {
        return runId;
    }

    ai.composo.cli.internal.RunManifest.Judge judge() {
        return target.judge();
    }

    Path outputDir() {
        return settings.outputDir();
    }

    Path resultsFile() {
        return results.path();
    }

    Path reportFile() {
        return settings.outputDir().resolve("report.html");
    }

    void record(ResultRecord r) {
        results.write(r);
    }

    /** How the embedded judge reads a criterion ("read as: …"), or null when the judge is another one. */
    String reading(String criterion) {
        return readings.computeIfAbsent(criterion, c -> target.readings(List.of(c)).getOrDefault(c, "")).transform(s -> s.isEmpty() ? null : s);
    }

    @Override
    public void close() {
        try (target; blocking) {
            if (results.finish()) {
                List<String> criteria = results.criteria();
                Map<String, String> shown = new java.util.LinkedHashMap<>();
                criteria.forEach(c -> {
                    String r = readings.get(c);
                    if (r != null && !r.isEmpty()) {
                        shown.put(c, r);
                    }
                });
                HtmlReport.write(results.path(), OutputFormat.JSONL, null, null, criteria, results.maxRepeat(), "Composo test run",
                        null, 50, reportFile(), shown);
                System.err.println("composo: results in " + results.path().toAbsolutePath().normalize() + ", report in "
                        + reportFile().toAbsolutePath().normalize());
            }
        }
    }
}

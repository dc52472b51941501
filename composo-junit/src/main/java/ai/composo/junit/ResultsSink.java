package ai.composo.junit;

import ai.composo.cli.internal.OutputFormat;
import ai.composo.cli.internal.ResultFile;
import ai.composo.cli.internal.ResultRecord;
import ai.composo.cli.internal.RunManifest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A results file in the CLI's format with its run manifest beside it, so {@code composo compare}, the HTML report
 * and the regression gate read it like a {@code composo eval} run. Opened on the first result.
 */
final class ResultsSink {
    static final String TOOL = "composo-junit " + version();

    private final Path path;
    private final String runId;
    private final RunManifest.Judge judge;
    private final String startedAt = Instant.now().toString();
    private final Set<String> criteria = new LinkedHashSet<>();
    private ResultFile file;
    private int maxRepeat = 1;
    private long scored;
    private long notApplicable;
    private long errors;

    ResultsSink(Path path, String runId, RunManifest.Judge judge) {
        this.path = path;
        this.runId = runId;
        this.judge = judge;
    }

    synchronized void write(ResultRecord r) {
        if (file == null) {
            file = ResultFile.open(path, OutputFormat.JSONL, false);
        }
        file.write(r.withRunId(runId));
        criteria.add(r.criterion());
        maxRepeat = Math.max(maxRepeat, r.repeat());
        if (r.isError()) {
            errors++;
        } else if (r.isNotApplicable()) {
            notApplicable++;
        } else {
            scored++;
        }
    }

    /** Closes the file and writes the manifest; false when nothing was written (and no file exists). */
    synchronized boolean finish() {
        if (file == null) {
            return false;
        }
        file.close();
        long all = scored + notApplicable + errors;
        new RunManifest(RunManifest.VERSION, runId, TOOL, null, List.copyOf(criteria), judge, maxRepeat, "junit", startedAt,
                Instant.now().toString(), "finished", new RunManifest.Counts(all, scored, notApplicable, errors), null, null)
                .write(RunManifest.pathFor(path));
        return true;
    }

    synchronized List<String> criteria() {
        return new ArrayList<>(criteria);
    }

    synchronized int maxRepeat() {
        return maxRepeat;
    }

    Path path() {
        return path;
    }

    private static String version() {
        String v = ResultsSink.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }
}

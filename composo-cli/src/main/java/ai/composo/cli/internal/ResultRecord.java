package ai.composo.cli.internal;

/**
 * One output line: the result of one (row, criterion, repeat). {@code score} null with {@code error}
 * null means "not applicable"; {@code passed} is set only for pass/fail criteria. {@code runId} names the run
 * (its manifest beside the results file) that produced the line; null in files written before manifests existed.
 * {@code sampleStd} is the standard deviation of the judge's own samples when it took several (an LLM judge with
 * {@code samples} above 1), else null.
 */
public record ResultRecord(String id, Long line, String criterion, int repeat, Double score, Boolean passed,
                           String explanation, String error, Long latencyMs, Boolean cacheHit, String runId, Double sampleStd) {

    public static final java.util.List<String> COLUMNS = java.util.List.of(
            "id", "line", "criterion", "repeat", "score", "passed", "explanation", "error", "latency_ms", "cache_hit", "run_id",
            "sample_std");

    /** A line from a judge that took one sample. */
    public ResultRecord(String id, Long line, String criterion, int repeat, Double score, Boolean passed,
                        String explanation, String error, Long latencyMs, Boolean cacheHit, String runId) {
        this(id, line, criterion, repeat, score, passed, explanation, error, latencyMs, cacheHit, runId, null);
    }

    /** A line not yet attributed to a run. */
    public ResultRecord(String id, Long line, String criterion, int repeat, Double score, Boolean passed,
                        String explanation, String error, Long latencyMs, Boolean cacheHit) {
        this(id, line, criterion, repeat, score, passed, explanation, error, latencyMs, cacheHit, null);
    }

    public boolean isError() {
        return error != null;
    }

    public boolean isNotApplicable() {
        return error == null && score == null;
    }

    public ResultRecord withRunId(String run) {
        return new ResultRecord(id, line, criterion, repeat, score, passed, explanation, error, latencyMs, cacheHit, run, sampleStd);
    }
}

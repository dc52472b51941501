package ai.composo.cli.internal;

/**
 * One output line: the result of one (row, criterion, repeat). {@code score} null with {@code error}
 * null means "not applicable"; {@code passed} is set only for pass/fail criteria.
 */
public record ResultRecord(String id, Long line, String criterion, int repeat, Double score, Boolean passed,
                           String explanation, String error, Long latencyMs, Boolean cacheHit) {

    public static final java.util.List<String> COLUMNS = java.util.List.of(
            "id", "line", "criterion", "repeat", "score", "passed", "explanation", "error", "latency_ms", "cache_hit");

    public boolean isError() {
        return error != null;
    }

    public boolean isNotApplicable() {
        return error == null && score == null;
    }
}

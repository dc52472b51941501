package ai.composo.junit;

/** One evaluation of one criterion: a score (null: the criterion did not apply) and explanation, or an error. */
record Attempt(Double score, String explanation, String error, long latencyMs) {
    static Attempt failed(Throwable t, long latencyMs) {
        String msg = t.getMessage();
        return new Attempt(null, null, msg == null || msg.isBlank() ? "the evaluation failed" : msg, latencyMs);
    }
}

package ai.composo.cli.internal;

import java.util.List;

/**
 * One row's verdict on one criterion, over its repeats: the mean score, how many repeats passed (pass/fail
 * criteria), whether it failed (a pass/fail repeat failed, or a graded mean below {@code line}, the report's line
 * between good and bad) or a repeat ended in an error, and the result to explain it by (the worst one).
 */
record CriterionCell(List<ResultRecord> results, double mean, int scored, int passed, boolean error, boolean failed, ResultRecord worst) {

    /** Sorts after every score and after "not applicable": the row has no result for the criterion. */
    static final double MISSING = 3.0;

    static CriterionCell of(List<ResultRecord> results, boolean passFail, double line) {
        double sum = 0;
        int scored = 0;
        int passed = 0;
        boolean error = false;
        ResultRecord worst = null;
        for (ResultRecord r : results) {
            if (r.isError()) {
                error = true;
            } else if (r.score() != null) {
                sum += r.score();
                scored++;
                if (Boolean.TRUE.equals(r.passed())) {
                    passed++;
                }
            }
            if (worst == null || WorstRows.rank(r) < WorstRows.rank(worst)) {
                worst = r;
            }
        }
        double mean = scored == 0 ? Double.NaN : sum / scored;
        boolean failed = scored > 0 && (passFail ? passed < scored : mean < line);
        return new CriterionCell(List.copyOf(results), mean, scored, passed, error, failed, worst);
    }

    boolean missing() {
        return results.isEmpty();
    }

    boolean notApplicable() {
        return !missing() && !error && scored == 0;
    }

    /** The value a column sorts by, ascending = worst first. */
    double sortValue() {
        return error ? WorstRows.ERROR : missing() ? MISSING : scored == 0 ? WorstRows.NO_SCORE : mean;
    }

    /** "pass", "fail", or over repeats "2/3 passed"; empty for scored criteria and cells without a score. */
    String verdict(boolean passFail) {
        if (!passFail || scored == 0) {
            return "";
        }
        return scored > 1 ? passed + "/" + scored + " passed" : passed == 1 ? "pass" : "fail";
    }
}

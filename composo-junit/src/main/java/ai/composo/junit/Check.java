package ai.composo.junit;

import ai.composo.judge.Criterion;

/**
 * One criterion of an assertion and what it takes to pass: a score criterion ("Reward …", "Penalize …") needs a score
 * of at least {@code threshold}; a pass/fail criterion ("… passes if …", "… fails if …") needs the judge's pass
 * (a score of at least one half, as {@code composo eval} counts it). A threshold comes from {@code withScoreAtLeast},
 * else from the run's calibration file, else it is the default; {@code source} says which.
 */
record Check(String criterion, boolean passFail, double threshold, Source source, String calibration) {
    static final double DEFAULT_THRESHOLD = 0.5;

    enum Source { DEFAULT, EXPLICIT, CALIBRATED }

    Check(String criterion, boolean passFail, double threshold) {
        this(criterion, passFail, threshold, Source.DEFAULT, null);
    }

    static Check score(String criterion) {
        if (kind(criterion) != Criterion.Kind.REWARD) {
            throw new IllegalArgumentException("'" + criterion + "' is a pass/fail criterion: use passes(…) for it");
        }
        return new Check(criterion, false, DEFAULT_THRESHOLD);
    }

    static Check passFail(String criterion) {
        if (kind(criterion) != Criterion.Kind.PASS_FAIL) {
            throw new IllegalArgumentException("'" + criterion + "' is a score criterion: use meets(…) for it");
        }
        return new Check(criterion, true, DEFAULT_THRESHOLD);
    }

    Check atLeast(double min) {
        if (passFail) {
            throw new IllegalStateException("'" + criterion + "' is a pass/fail criterion and has no score threshold");
        }
        if (!(min >= 0 && min <= 1)) {
            throw new IllegalArgumentException("a score threshold must be within [0, 1], got " + min);
        }
        return new Check(criterion, false, min, Source.EXPLICIT, null);
    }

    /** This check with the calibration's threshold, unless the test set one itself. */
    Check calibrated(double calibratedThreshold, String file) {
        return source == Source.EXPLICIT ? this : new Check(criterion, passFail, calibratedThreshold, Source.CALIBRATED, file);
    }

    /** Whether the check passes at a score it should name: a score criterion's, or any calibrated threshold. */
    boolean namesThreshold() {
        return !passFail || source == Source.CALIBRATED;
    }

    /** Where the threshold came from, for the failure message: "" unless it was calibrated. */
    String thresholdNote() {
        return source == Source.CALIBRATED ? " (calibrated in " + calibration + ")" : "";
    }

    boolean passedBy(Double score) {
        return score != null && score >= threshold;
    }

    private static Criterion.Kind kind(String criterion) {
        return Criterion.parse(criterion).kind();
    }
}

package ai.composo.cli.internal;

/** What the summary knows about one criterion. Mutated only by {@link Summary}. */
public final class CriterionSummary {
    private final String criterion;
    private final boolean passFail;
    final ScoreSketch scores = new ScoreSketch();
    long results;
    long notApplicable;
    long errors;
    long passed;
    // --repeat spread, over pairs with at least two scores
    long spreadPairs;
    long unstablePairs;
    double stdSum;
    double maxStd;
    double rangeSum;
    double maxRange;

    CriterionSummary(String criterion, boolean passFail) {
        this.criterion = criterion;
        this.passFail = passFail;
    }

    public String criterion() {
        return criterion;
    }

    public boolean passFail() {
        return passFail;
    }

    public ScoreSketch scores() {
        return scores;
    }

    /** Results recorded for this criterion: scored, not applicable and errors. */
    public long results() {
        return results;
    }

    public long scored() {
        return scores.count();
    }

    public long notApplicable() {
        return notApplicable;
    }

    public long errors() {
        return errors;
    }

    public long passed() {
        return passed;
    }

    public double mean() {
        return scores.mean();
    }

    /** Share of the non-error results whose score is null (the criterion did not apply). */
    public double notApplicableShare() {
        long answered = results - errors;
        return answered == 0 ? Double.NaN : notApplicable / (double) answered;
    }

    public long spreadPairs() {
        return spreadPairs;
    }

    public long unstablePairs() {
        return unstablePairs;
    }

    public double meanStd() {
        return spreadPairs == 0 ? Double.NaN : stdSum / spreadPairs;
    }

    public double maxStd() {
        return spreadPairs == 0 ? Double.NaN : maxStd;
    }

    public double meanRange() {
        return spreadPairs == 0 ? Double.NaN : rangeSum / spreadPairs;
    }

    public double maxRange() {
        return spreadPairs == 0 ? Double.NaN : maxRange;
    }
}

package ai.composo.spark;

import java.io.Serializable;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;

/**
 * The counters of {@link ComposoSpark#evaluate}: Spark {@link LongAccumulator}s registered under names that the
 * Spark UI shows ({@code composo.evaluated}, {@code composo.errors}, {@code composo.rate_limited},
 * {@code composo.retries}).
 *
 * <p>Spark's rule for accumulators updated in a transformation applies: a failed task attempt's updates are
 * dropped, but when the result Dataset is computed again (a second action on it without {@code persist()}, or a
 * stage re-run after a lost executor), its evaluations run again and are counted again. Read the counters after
 * one action that computes the result once (for example {@code write()}), or persist the result first.
 */
public final class ComposoAccumulators implements Serializable {
    private static final long serialVersionUID = 1L;

    private final LongAccumulator evaluated;
    private final LongAccumulator errors;
    private final LongAccumulator rateLimited;
    private final LongAccumulator retries;

    private ComposoAccumulators(SparkSession spark) {
        var sc = spark.sparkContext();
        this.evaluated = sc.longAccumulator("composo.evaluated");
        this.errors = sc.longAccumulator("composo.errors");
        this.rateLimited = sc.longAccumulator("composo.rate_limited");
        this.retries = sc.longAccumulator("composo.retries");
    }

    /** New counters, registered with {@code spark}'s context. */
    public static ComposoAccumulators register(SparkSession spark) {
        return new ComposoAccumulators(spark);
    }

    /** Output rows with a score, a pass/fail or a not-applicable answer (no error). */
    public long evaluated() {
        return evaluated.value();
    }

    /** Output rows with the {@code error} column set. */
    public long errors() {
        return errors.value();
    }

    /** HTTP attempts answered with 429 (remote mode); each was retried or ended in an error row. */
    public long rateLimited() {
        return rateLimited.value();
    }

    /** HTTP attempts beyond the first, over all evaluations (remote mode). */
    public long retries() {
        return retries.value();
    }

    void add(long evaluatedRows, long errorRows, long rateLimitedAttempts, long retriedAttempts) {
        if (evaluatedRows != 0) {
            evaluated.add(evaluatedRows);
        }
        if (errorRows != 0) {
            errors.add(errorRows);
        }
        if (rateLimitedAttempts != 0) {
            rateLimited.add(rateLimitedAttempts);
        }
        if (retriedAttempts != 0) {
            retries.add(retriedAttempts);
        }
    }

    @Override
    public String toString() {
        return "composo: evaluated=" + evaluated() + ", errors=" + errors() + ", rate_limited=" + rateLimited() + ", retries=" + retries();
    }
}

package ai.composo.junit;

import ai.composo.cli.internal.ResultRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * What conversation and trace assertions share: the criteria and their thresholds, repeats, and the check. An
 * assertion is checked by {@link #verify()}, or when the test method returns: its criteria (and repeats) are
 * evaluated together, every evaluation is written to the run's results, and one {@link AssertionError} reports
 * every criterion that failed, with its score, the judge's explanation and how the judge read the criterion.
 *
 * @param <S> the concrete assertion, returned by each step
 */
public abstract class CriteriaAssert<S extends CriteriaAssert<S>> {
    private final CurrentTest test;
    private final List<Check> checks = new ArrayList<>();
    private final CurrentTest.Deferred deferred = this::verify;
    private String id;
    private int repeat = 1;
    private double minPassRate = 1.0;
    private boolean verified;

    CriteriaAssert(String id) {
        this.test = CurrentTest.get();
        this.id = id != null ? id : test.id();
        test.defer(deferred);
    }

    /**
     * A score criterion ({@code "Reward …"} or {@code "Penalize …"}), passing at a score of at least 0.5 unless
     * {@link #withScoreAtLeast} says otherwise or the run has a calibration ({@code composo.calibration}), whose
     * threshold for the criterion is then used.
     */
    public S meets(String criterion) {
        return add(Check.score(criterion));
    }

    /**
     * A pass/fail criterion ({@code "Response passes if …"}, {@code "Response fails if …"}, {@code "Agent passes if …"}, …),
     * passing at the judge's pass, or at the calibrated threshold when the run has a calibration.
     */
    public S passes(String criterion) {
        return add(Check.passFail(criterion));
    }

    /** The score the criterion added last needs, in [0, 1]. */
    public S withScoreAtLeast(double min) {
        if (checks.isEmpty()) {
            throw new IllegalStateException("withScoreAtLeast applies to a criterion: call meets(…) first");
        }
        checks.set(checks.size() - 1, checks.get(checks.size() - 1).atLeast(min));
        return self();
    }

    /**
     * Evaluates each criterion {@code times} times, for judges that sample. A criterion then passes when at least
     * {@link #minPassRate} of its evaluations pass (by default all of them); a failure reports the scores' spread.
     */
    public S repeat(int times) {
        if (times < 1) {
            throw new IllegalArgumentException("repeat needs at least 1, got " + times);
        }
        this.repeat = times;
        return self();
    }

    /** The share of a criterion's repeats that must pass, in (0, 1]. */
    public S minPassRate(double rate) {
        if (!(rate > 0 && rate <= 1)) {
            throw new IllegalArgumentException("minPassRate must be within (0, 1], got " + rate);
        }
        this.minPassRate = rate;
        return self();
    }

    /** The id under which the results file, the report and the regression gate name these evaluations (default: the test). */
    public S named(String id) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("the id must not be blank");
        }
        this.id = id;
        return self();
    }

    /** Evaluates now and throws an {@link AssertionError} naming every criterion that failed. Checked once. */
    public void verify() {
        test.done(deferred);
        if (verified) {
            return;
        }
        verified = true;
        if (checks.isEmpty()) {
            throw new IllegalStateException("the assertion names no criterion: add meets(…) or passes(…)");
        }
        TestRun run = test.classRun().run();
        checks.replaceAll(run::calibrate);
        Map<Check, List<CompletableFuture<Map<String, Attempt>>>> futures = new LinkedHashMap<>();
        for (Check c : checks) {
            List<CompletableFuture<Map<String, Attempt>>> list = new ArrayList<>();
            for (int r = 1; r <= repeat; r++) {
                long start = System.nanoTime();
                list.add(evaluate(run, c.criterion())
                        .exceptionally(t -> Map.of("", Attempt.failed(t instanceof java.util.concurrent.CompletionException && t.getCause() != null
                                ? t.getCause() : t, (System.nanoTime() - start) / 1_000_000))));
            }
            futures.put(c, list);
        }
        List<Outcome> failed = new ArrayList<>();
        futures.forEach((check, list) -> {
            Map<String, List<Attempt>> bySubject = new LinkedHashMap<>();
            for (int r = 0; r < list.size(); r++) {
                int repeatNo = r + 1;
                list.get(r).join().forEach((subject, a) -> {
                    bySubject.computeIfAbsent(subject, s -> new ArrayList<>()).add(a);
                    test.classRun().record(new ResultRecord(subject.isEmpty() ? id : id + "/" + subject, null, check.criterion(), repeatNo,
                            a.score(), (check.passFail() || check.source() == Check.Source.CALIBRATED) && a.error() == null && a.score() != null ? check.passedBy(a.score()) : null,
                            a.explanation(), a.error(), a.latencyMs(), null));
                });
            }
            bySubject.forEach((subject, attempts) -> {
                Outcome o = new Outcome(check, subject, attempts, minPassRate);
                if (!o.passed()) {
                    failed.add(o);
                }
            });
        });
        if (!failed.isEmpty()) {
            throw new AssertionError(FailureMessage.of(id, checks, failed, run));
        }
    }

    /**
     * Starts one evaluation of {@code criterion}: its attempts by subject, {@code ""} when the whole assertion is
     * one subject. The attempt's latency is measured by the implementation.
     */
    abstract CompletableFuture<Map<String, Attempt>> evaluate(TestRun run, String criterion);

    private S add(Check c) {
        checks.add(c);
        return self();
    }

    @SuppressWarnings("unchecked")
    private S self() {
        return (S) this;
    }
}

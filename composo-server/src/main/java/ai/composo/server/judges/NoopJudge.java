package ai.composo.server.judges;

import ai.composo.judge.Judge;
import ai.composo.judge.JudgeRequest;
import ai.composo.judge.Verdict;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A judge that does no work (type {@code noop}), for benchmarks of the server itself: a constant
 * {@code score} (default 1.0; pass/fail criteria pass when it is at least 0.5), optionally after a
 * {@code delay} that holds no thread. It reports itself non-deterministic so that the result cache never
 * answers for it and every request takes the full path.
 */
public final class NoopJudge implements Judge {
    private final double score;
    private final Duration delay;

    public NoopJudge(double score, Duration delay) {
        if (score < 0 || score > 1) {
            throw new IllegalArgumentException("noop judge: score must be within [0, 1], got " + score);
        }
        this.score = score;
        this.delay = delay;
    }

    @Override
    public String name() {
        return "noop";
    }

    @Override
    public boolean deterministic() {
        return false;
    }

    @Override
    public CompletableFuture<Verdict> evaluate(JudgeRequest request) {
        Verdict v = request.criterion().isPassFail() ? Verdict.passed(score >= 0.5, "noop judge") : Verdict.score(score, "noop judge");
        if (delay.isZero()) {
            return CompletableFuture.completedFuture(v);
        }
        return CompletableFuture.supplyAsync(() -> v, CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS));
    }
}

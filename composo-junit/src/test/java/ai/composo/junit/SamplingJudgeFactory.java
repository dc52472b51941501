package ai.composo.junit;

import ai.composo.judge.Judge;
import ai.composo.judge.JudgeConfig;
import ai.composo.judge.JudgeFactory;
import ai.composo.judge.JudgeRequest;
import ai.composo.judge.Verdict;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Judge type {@code sampling} for the repeat tests: each criterion's scores cycle through {@code scores}, like a sampling LLM's. */
public final class SamplingJudgeFactory implements JudgeFactory {
    @Override
    public String type() {
        return "sampling";
    }

    @Override
    public Judge create(JudgeConfig config) {
        double[] scores = Arrays.stream(config.require("scores").split(",")).mapToDouble(s -> Double.parseDouble(s.strip())).toArray();
        Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        return new Judge() {
            @Override
            public String name() {
                return "sampling";
            }

            @Override
            public boolean deterministic() {
                return false;
            }

            @Override
            public CompletableFuture<Verdict> evaluate(JudgeRequest request) {
                int n = calls.computeIfAbsent(request.criterion().text(), c -> new AtomicInteger()).getAndIncrement();
                double s = scores[n % scores.length];
                return CompletableFuture.completedFuture(Verdict.score(s, "sample " + (n + 1) + " scored " + s));
            }
        };
    }
}

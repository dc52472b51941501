package ai.composo.judge.openai.internal;

import ai.composo.judge.Criterion;
import ai.composo.judge.JudgeException;
import ai.composo.judge.Verdict;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Several samples of one evaluation as one verdict: the mean score (a graded criterion) or the majority verdict
 * with the share of passing samples (pass/fail), the samples and their spread in the metadata, a confidence that
 * falls as the samples disagree, and the token usage summed. Samples that failed are counted; only when all fail
 * does the evaluation fail, with the first sample's error.
 */
public final class SampleMean {
    private SampleMean() {}

    public static Verdict combine(String judge, Criterion.Kind kind, List<CompletableFuture<Verdict>> samples) {
        List<Verdict> ok = new ArrayList<>();
        Throwable firstError = null;
        for (CompletableFuture<Verdict> f : samples) {
            try {
                ok.add(f.join());
            } catch (CompletionException | java.util.concurrent.CancellationException e) {
                firstError = firstError == null ? (e.getCause() == null ? e : e.getCause()) : firstError;
            }
        }
        if (ok.isEmpty()) {
            throw new CompletionException(firstError instanceof JudgeException ? firstError
                    : JudgeException.failed(judge, "every sample failed: " + firstError.getMessage(), firstError));
        }
        List<Verdict> scored = ok.stream().filter(v -> !v.isNotApplicable()).toList();
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("samples_requested", samples.size());
        meta.put("samples_failed", samples.size() - ok.size());
        meta.put("usage", usage(ok));
        meta.put("requests", ok.stream().mapToInt(v -> v.metadata().get("requests") instanceof Number n ? n.intValue() : 1).sum());
        Set<String> fingerprints = new LinkedHashSet<>();
        ok.forEach(v -> {
            if (v.metadata().get("system_fingerprint") instanceof String s) {
                fingerprints.add(s);
            }
        });
        if (!fingerprints.isEmpty()) {
            meta.put("system_fingerprints", List.copyOf(fingerprints));
        }
        if (scored.isEmpty()) {
            return ok.get(0).withMetadata(meta).withMetadata("samples", List.of());
        }
        List<Double> values = scored.stream().map(SampleMean::value).toList();
        double mean = values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        double std = Math.sqrt(values.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum() / values.size());
        // the explanation of the sample nearest the result, so the words match the number
        Verdict nearest = scored.stream().min(Comparator.comparingDouble(v -> Math.abs(value(v) - mean))).orElseThrow();
        Verdict out;
        double confidence;
        if (kind == Criterion.Kind.PASS_FAIL) {
            boolean pass = mean >= 0.5;
            Verdict majority = scored.stream().filter(v -> Boolean.valueOf(pass).equals(v.passed())).findFirst().orElse(nearest);
            out = Verdict.passed(pass, majority.explanation()).withMetadata(majority.metadata()).withMetadata("pass_fraction", round(mean));
            confidence = Math.abs(2 * mean - 1);
        } else {
            out = Verdict.score(round(mean), nearest.explanation()).withMetadata(nearest.metadata());
            confidence = Math.max(0, 1 - 2 * std);
        }
        out = out.withMetadata(meta)
                .withMetadata("samples", values.stream().map(SampleMean::round).toList())
                .withMetadata("sample_std", round(std))
                .withMetadata("sample_min", round(values.stream().mapToDouble(Double::doubleValue).min().orElse(0)))
                .withMetadata("sample_max", round(values.stream().mapToDouble(Double::doubleValue).max().orElse(0)))
                .withMetadata("confidence", round(confidence));
        java.util.Optional<String> cleaned = ok.get(0).cleanedExplanation();
        return cleaned.isPresent() ? out.withCleanedExplanation(cleaned.get()) : out;
    }

    /** The numeric fields of a reply's {@code usage}. */
    public static Map<String, Object> usageOf(com.fasterxml.jackson.databind.JsonNode body) {
        Map<String, Object> u = new LinkedHashMap<>();
        body.path("usage").fields().forEachRemaining(en -> {
            if (en.getValue().isNumber()) {
                u.put(en.getKey(), en.getValue().numberValue());
            }
        });
        return u;
    }

    private static double value(Verdict v) {
        return v.passed() != null ? (v.passed() ? 1.0 : 0.0) : v.score();
    }

    /** Token counts summed over the samples, field by field (prompt_tokens, completion_tokens, …). */
    static Map<String, Object> usage(List<Verdict> samples) {
        Map<String, Long> sum = new LinkedHashMap<>();
        for (Verdict v : samples) {
            if (v.metadata().get("usage") instanceof Map<?, ?> u) {
                u.forEach((k, val) -> {
                    if (val instanceof Number n) {
                        sum.merge(String.valueOf(k), n.longValue(), Long::sum);
                    }
                });
            }
        }
        return new LinkedHashMap<>(sum);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}

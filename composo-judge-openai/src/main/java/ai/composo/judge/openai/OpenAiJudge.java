package ai.composo.judge.openai;

import ai.composo.errors.AuthenticationException;
import ai.composo.errors.BadRequestException;
import ai.composo.errors.ComposoApiException;
import ai.composo.errors.ComposoIoException;
import ai.composo.errors.ComposoTimeoutException;
import ai.composo.errors.NotFoundException;
import ai.composo.errors.PermissionDeniedException;
import ai.composo.errors.RateLimitException;
import ai.composo.internal.concurrency.PermitPool;
import ai.composo.internal.http.HeaderTransport;
import ai.composo.internal.http.JdkTransport;
import ai.composo.internal.http.Request;
import ai.composo.internal.http.Response;
import ai.composo.internal.http.Transport;
import ai.composo.internal.json.Json;
import ai.composo.internal.retry.RetryPolicy;
import ai.composo.internal.retry.RetryingExecutor;
import ai.composo.internal.time.Sleeper;
import ai.composo.judge.Criterion;
import ai.composo.judge.Judge;
import ai.composo.judge.JudgeConfig;
import ai.composo.judge.JudgeException;
import ai.composo.judge.JudgeRequest;
import ai.composo.judge.Verdict;
import ai.composo.judge.openai.internal.AnswerParser;
import ai.composo.judge.openai.internal.ChatCompletions;
import ai.composo.judge.openai.internal.ChatCompletions.Format;
import ai.composo.judge.openai.internal.JudgePrompt;
import ai.composo.judge.openai.internal.LogprobScorer;
import ai.composo.judge.openai.internal.OpenAiSettings;
import ai.composo.judge.openai.internal.OpenAiSettings.Mode;
import ai.composo.judge.openai.internal.Prompts;
import ai.composo.judge.openai.internal.SampleMean;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * A judge backed by any OpenAI-compatible {@code /chat/completions} endpoint (Ollama, vLLM, llama.cpp
 * server, OpenAI, ...). One instance serves one model core.
 *
 * <p>Each evaluation sends one prompt (see {@link Prompts}) at temperature 0 with a fixed seed, asking for
 * {@code {"explanation", "score"}} or {@code {"explanation", "verdict"}} through {@code response_format}
 * {@code json_schema}. When the endpoint rejects {@code json_schema} the judge falls back to
 * {@code json_object}, then to the prompt alone, and remembers the fallback. When the endpoint returns
 * {@code logprobs}, the score is the probability-weighted mean over the score tokens (and pass/fail comes
 * from the probability of the pass token); otherwise the parsed value is used. An unreadable answer is
 * asked for again (up to {@code format-retries} times, showing the model what was wrong), then reported
 * as a {@link JudgeException} (500); running out of time gives 524. HTTP retries (429 with
 * {@code Retry-After}, 5xx, I/O), the deadline and the concurrency cap are the SDK's retry layer
 * ({@link RetryingExecutor}, {@link PermitPool}).
 *
 * <p>{@link #deterministic()} is false unless the setting {@code deterministic=true} says otherwise:
 * temperature 0 and a seed make answers repeatable in practice on one server, but OpenAI documents
 * {@code seed} as best effort, batched inference (vLLM, llama.cpp with several slots) changes floating
 * point results, and a model tag can be re-pulled with new weights. Caching such a judge's verdicts would
 * hide that variance, so operators opt in only for a pinned model on a single-stream server.
 */
public final class OpenAiJudge implements Judge {
    /** Time kept free at the end of an evaluation so an end-user rewrite cannot make it miss its deadline. */
    private static final long REWRITE_MARGIN_MS = 250;

    private static final Pattern KEY_LIKE = Pattern.compile("\\b(sk|pk|rk)-[A-Za-z0-9*_\\-]{6,}");

    private final OpenAiSettings settings;
    private final Transport transport;
    private final PermitPool permits;
    private final RetryPolicy retryPolicy;
    private final Sleeper sleeper;
    private final Clock clock;
    private final AtomicReference<Format> format;
    private final AtomicBoolean logprobs;
    /** Whether the endpoint returns several choices for {@code n}; false once it refuses or ignores it. */
    private final AtomicBoolean choices = new AtomicBoolean(true);
    private final AtomicBoolean maxCompletionTokens = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Set<CompletableFuture<Verdict>> pending = ConcurrentHashMap.newKeySet();

    /** Builds a judge from configuration; throws {@link IllegalArgumentException} naming a bad setting. */
    public OpenAiJudge(JudgeConfig config) {
        this(OpenAiSettings.from(config), Sleeper.system(), Clock.systemUTC());
    }

    OpenAiJudge(OpenAiSettings settings, Sleeper sleeper, Clock clock) {
        this.settings = settings;
        this.sleeper = sleeper;
        this.clock = clock;
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", "application/json");
        headers.put("User-Agent", "composo-java-judge-openai");
        settings.apiKey().ifPresent(k -> headers.put("Authorization", "Bearer " + k));
        this.transport = new HeaderTransport(new JdkTransport(Duration.ofSeconds(10), null), headers);
        this.permits = new PermitPool(settings.maxConcurrent(), false);
        this.retryPolicy = RetryPolicy.builder().maxRetries(settings.retries()).build();
        this.format = new AtomicReference<>(settings.jsonSchema() == Mode.OFF ? Format.PLAIN : Format.JSON_SCHEMA);
        this.logprobs = new AtomicBoolean(settings.logprobs() != Mode.OFF);
    }

    @Override
    public String name() {
        return settings.name();
    }

    @Override
    public boolean deterministic() {
        return settings.deterministic();
    }

    @Override
    public Health health() {
        if (closed.get()) {
            return Health.notReady("judge '" + name() + "' is closed");
        }
        return new Health(true, "model " + settings.model() + " at " + settings.baseUrl());
    }

    @Override
    public CompletableFuture<Verdict> evaluate(JudgeRequest request) {
        if (closed.get()) {
            return CompletableFuture.failedFuture(JudgeException.failed(name(), "the judge is closed", null));
        }
        JudgePrompt prompt;
        try {
            prompt = Prompts.build(request);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(JudgeException.failed(name(), "could not build the prompt: " + e.getMessage(), e));
        }
        Optional<String> nothing = prompt.notApplicableReason();
        if (nothing.isPresent()) {
            return CompletableFuture.completedFuture(Verdict.notApplicable(nothing.get())
                    .withMetadata("judge_model", settings.model()).withMetadata("score_method", "not_applicable_without_call"));
        }
        Instant deadline = clock.instant().plus(settings.timeout());
        if (request.deadline().isPresent() && request.deadline().get().isBefore(deadline)) {
            deadline = request.deadline().get();
        }
        if (settings.samples() == 1) {
            return run(prompt, deadline, request.endUserExplanation(), 0, 1);
        }
        // k samples at the sampling temperature: one request with n = k where the endpoint honours it, else k
        // requests with their own seeds; the verdict is their mean
        return choices.get() ? run(prompt, deadline, request.endUserExplanation(), 0, settings.samples())
                : separateSamples(prompt, deadline, request.endUserExplanation());
    }

    private CompletableFuture<Verdict> separateSamples(JudgePrompt prompt, Instant deadline, boolean endUser) {
        List<CompletableFuture<Verdict>> samples = new ArrayList<>();
        for (int i = 0; i < settings.samples(); i++) {
            samples.add(run(prompt, deadline, i == 0 && endUser, i, 1));
        }
        return CompletableFuture.allOf(samples.toArray(CompletableFuture[]::new))
                .handle((all, failed) -> SampleMean.combine(name(), prompt.kind(), samples).withMetadata("sampling", "separate requests"));
    }

    @Override
    public String cacheIdentity() {
        return name() + "|" + settings.model() + "|samples=" + settings.samples() + "|temperature=" + settings.temperature();
    }

    private CompletableFuture<Verdict> run(JudgePrompt prompt, Instant deadline, boolean endUser, int sample, int n) {
        Evaluation e = new Evaluation(prompt, deadline, endUser, sample, n);
        pending.add(e.result);
        // The retry layer bounds each HTTP call; this bounds the whole evaluation, waits for a permit included.
        CompletableFuture<Void> watchdog = Sleeper.system().sleepAsync(Duration.between(clock.instant(), deadline));
        watchdog.thenRun(() -> e.result.completeExceptionally(e.timedOut(null)));
        e.result.whenComplete((v, t) -> {
            watchdog.cancel(false);
            pending.remove(e.result);
            CompletableFuture<Response> http = e.inFlight;
            if (t != null && http != null) {
                http.cancel(true);
            }
        });
        e.send();
        return e.result;
    }

    /** Fails evaluations still running; later calls fail at once. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            for (CompletableFuture<Verdict> f : List.copyOf(pending)) {
                f.completeExceptionally(JudgeException.failed(name(), "the judge was closed while evaluating", null));
            }
            transport.close();
        }
    }

    @Override
    public String toString() {
        return "OpenAiJudge" + settings;
    }

    /** One evaluation: its prompt, deadline, follow-up messages after unreadable answers, and its future. */
    private final class Evaluation {
        final CompletableFuture<Verdict> result = new CompletableFuture<>();
        final JudgePrompt prompt;
        final Instant deadline;
        final boolean endUser;
        final int sample;
        final int n;
        final List<JsonNode> followUp = new ArrayList<>();
        volatile CompletableFuture<Response> inFlight;
        int requests;
        int unreadable;

        Evaluation(JudgePrompt prompt, Instant deadline, boolean endUser, int sample, int n) {
            this.prompt = prompt;
            this.deadline = deadline;
            this.endUser = endUser;
            this.sample = sample;
            this.n = n;
        }

        /** The endpoint refused or ignored {@code n}: the samples are taken as separate requests from now on. */
        void separately() {
            choices.set(false);
            separateSamples(prompt, deadline, endUser).whenComplete((v, t) -> {
                if (t != null) {
                    result.completeExceptionally(t instanceof CompletionException && t.getCause() != null ? t.getCause() : t);
                } else {
                    result.complete(v);
                }
            });
        }

        private CompletableFuture<Response> post(String body, Duration limit) {
            RetryingExecutor executor = RetryingExecutor.builder(transport)
                    .retryPolicy(retryPolicy)
                    .timeout(limit)
                    .gate(permits)
                    .sleeper(sleeper)
                    .build();
            requests++;
            CompletableFuture<Response> http = executor.executeAsync(Request.postJson(settings.chatCompletionsUri(), body));
            inFlight = http;
            if (result.isDone()) {
                http.cancel(true);
            }
            return http;
        }

        /**
         * Completes with the verdict, first asking the model for an end-user version of its explanation when the
         * caller wants one. The rewrite is optional: if it fails or there is too little time left, the verdict is
         * returned without it (the server then writes one itself) and the reason is kept in the metadata.
         */
        void finish(Verdict v) {
            if (!endUser || v.explanation().isBlank()) {
                result.complete(v);
                return;
            }
            // Leave a margin so that a slow rewrite ends before the evaluation's own deadline fails the verdict.
            Duration left = Duration.between(clock.instant(), deadline).minusMillis(REWRITE_MARGIN_MS);
            if (left.toMillis() < REWRITE_MARGIN_MS) {
                result.complete(v.withMetadata("cleaned_explanation_skipped", "too little time left before the deadline"));
                return;
            }
            String body = Json.write(ChatCompletions.endUserRewriteBody(settings, v.explanation(), maxCompletionTokens.get()));
            post(body, left).whenComplete((response, error) -> {
                Verdict counted = v.withMetadata("requests", requests);
                String text = null;
                String problem;
                if (error != null) {
                    problem = describe(unwrap(error));
                } else {
                    JsonNode content;
                    try {
                        content = Json.parse(response.body()).path("choices").path(0).path("message").path("content");
                    } catch (IllegalArgumentException notJson) {
                        content = null;
                    }
                    text = content != null && content.isTextual() ? content.asText().strip() : null;
                    problem = content == null ? "the endpoint's reply to the rewrite is not JSON"
                            : text == null || text.isEmpty() ? "the rewrite came back empty" : null;
                }
                result.complete(problem == null ? counted.withCleanedExplanation(text)
                        : counted.withMetadata("cleaned_explanation_skipped", redact(problem)));
            });
        }

        void send() {
            if (result.isDone()) {
                return;
            }
            Duration left = Duration.between(clock.instant(), deadline);
            if (left.isNegative() || left.isZero()) {
                result.completeExceptionally(timedOut(null));
                return;
            }
            Format f = format.get();
            boolean lp = logprobs.get();
            boolean mct = maxCompletionTokens.get();
            ObjectNode request = ChatCompletions.body(settings, prompt, followUp, f, lp, mct, sample);
            if (n > 1) {
                request.put("n", n);
            }
            String body = Json.write(request);
            CompletableFuture<Response> http = post(body, left);
            if (result.isDone()) {
                return;
            }
            http.whenComplete((response, error) -> {
                try {
                    if (error != null) {
                        onError(unwrap(error), f, lp, mct);
                    } else {
                        onAnswer(response, f, lp);
                    }
                } catch (RuntimeException unexpected) {
                    result.completeExceptionally(JudgeException.failed(name(),
                            "unexpected error: " + unexpected.getClass().getSimpleName() + ": " + redact(unexpected.getMessage()), unexpected));
                }
            });
        }

        void onError(Throwable error, Format f, boolean lp, boolean mct) {
            if (error instanceof ComposoTimeoutException) {
                result.completeExceptionally(timedOut(error));
                return;
            }
            if (error instanceof BadRequestException bad) {
                String text = bad.detail() + " " + bad.body();
                if (n > 1 && ChatCompletions.mentions(text, "'n'", "\"n\"", " n ", "n must", "n>1", "n > 1", "multiple choices", "number of choices")) {
                    separately();
                    return;
                }
                if (f == Format.JSON_SCHEMA && settings.jsonSchema() == Mode.AUTO
                        && ChatCompletions.mentions(text, "response_format", "json_schema", "json schema", "structured output")) {
                    format.compareAndSet(Format.JSON_SCHEMA, Format.JSON_OBJECT);
                    send();
                    return;
                }
                if (f == Format.JSON_OBJECT && ChatCompletions.mentions(text, "response_format", "json_object", "json object")) {
                    format.compareAndSet(Format.JSON_OBJECT, Format.PLAIN);
                    send();
                    return;
                }
                if (lp && settings.logprobs() == Mode.AUTO && ChatCompletions.mentions(text, "logprobs")) {
                    logprobs.set(false);
                    send();
                    return;
                }
                if (!mct && ChatCompletions.mentions(text, "max_completion_tokens")) {
                    maxCompletionTokens.set(true);
                    send();
                    return;
                }
            }
            // An endpoint's error body may echo credentials, so it is not attached as the cause (servers log causes).
            Throwable cause = error instanceof ComposoApiException ? null : error;
            result.completeExceptionally(JudgeException.failed(name(), describe(error), cause));
        }

        void onAnswer(Response response, Format f, boolean lp) {
            JsonNode body;
            try {
                body = Json.parse(response.body());
            } catch (IllegalArgumentException e) {
                unreadable(null, "the endpoint's reply is not JSON: " + abbreviate(response.body()), f);
                return;
            }
            if (n > 1) {
                severalChoices(body, f, lp);
                return;
            }
            JsonNode choice = body.path("choices").path(0);
            JsonNode content = choice.path("message").path("content");
            String text = content.isTextual() ? content.asText() : null;
            String finish = choice.path("finish_reason").asText("");
            AnswerParser.Answer answer;
            try {
                answer = AnswerParser.parse(text, prompt.kind());
            } catch (AnswerParser.Malformed m) {
                String reason = m.getMessage();
                JsonNode refusal = choice.path("message").path("refusal");
                if (refusal.isTextual() && !refusal.asText().isBlank()) {
                    reason = "the model refused to answer: " + abbreviate(refusal.asText());
                } else if ("length".equals(finish)) {
                    reason = "the answer was cut off at max-tokens=" + settings.maxTokens() + " (" + reason + ")";
                } else if (!choice.isObject()) {
                    reason = "the reply has no choices[0]";
                }
                unreadable(text, reason, f);
                return;
            }
            JsonNode logprobContent = choice.path("logprobs").path("content");
            boolean haveLogprobs = logprobContent.isArray() && logprobContent.size() > 0;
            if (lp && settings.logprobs() == Mode.ON && !haveLogprobs) {
                result.completeExceptionally(JudgeException.failed(name(), "logprobs=on but the endpoint " + settings.baseUrl()
                        + " returned no logprobs (set logprobs=auto to use the parsed score)", null));
                return;
            }
            Verdict v = verdict(answer, haveLogprobs ? logprobContent : null);
            finish(v.withMetadata(replyMetadata(body, f)));
        }

        /** What the reply says about itself: the model that served it, its fingerprint, the tokens it used. */
        Map<String, Object> replyMetadata(JsonNode body, Format f) {
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("judge_model", settings.model());
            if (body.path("model").isTextual()) {
                meta.put("response_model", body.get("model").asText());
            }
            if (body.path("system_fingerprint").isTextual()) {
                meta.put("system_fingerprint", body.get("system_fingerprint").asText());
            }
            meta.put("output_format", f.name().toLowerCase(java.util.Locale.ROOT));
            meta.put("requests", requests);
            if (body.path("usage").isObject()) {
                meta.put("usage", SampleMean.usageOf(body));
            }
            return meta;
        }

        /** One request answered with n choices: each readable choice is a sample. */
        void severalChoices(JsonNode body, Format f, boolean lp) {
            JsonNode all = body.path("choices");
            if (!all.isArray() || all.size() < n) {
                separately(); // the endpoint ignored n
                return;
            }
            List<CompletableFuture<Verdict>> samples = new ArrayList<>();
            for (JsonNode choice : all) {
                JsonNode content = choice.path("message").path("content");
                try {
                    AnswerParser.Answer answer = AnswerParser.parse(content.isTextual() ? content.asText() : null, prompt.kind());
                    JsonNode lpc = choice.path("logprobs").path("content");
                    samples.add(CompletableFuture.completedFuture(verdict(answer, lp && lpc.isArray() && lpc.size() > 0 ? lpc : null)));
                } catch (AnswerParser.Malformed m) {
                    samples.add(CompletableFuture.failedFuture(JudgeException.failed(name(), "a sample could not be read: " + m.getMessage(), null)));
                }
            }
            if (samples.stream().allMatch(CompletableFuture::isCompletedExceptionally)) {
                unreadable(null, "none of the " + all.size() + " choices could be read", f);
                return;
            }
            Map<String, Object> meta = replyMetadata(body, f);
            if (meta.get("system_fingerprint") instanceof String fp) {
                meta.put("system_fingerprints", List.of(fp));
            }
            meta.put("sampling", "n choices in one request");
            finish(SampleMean.combine(name(), prompt.kind(), samples).withMetadata(meta));
        }

        void unreadable(String answer, String reason, Format f) {
            unreadable++;
            if (unreadable > settings.formatRetries()) {
                result.completeExceptionally(JudgeException.failed(name(), "the model's answer could not be read after "
                        + unreadable + " attempt" + (unreadable == 1 ? "" : "s") + " (model " + settings.model() + ", "
                        + f.name().toLowerCase(java.util.Locale.ROOT) + " output): " + reason, null));
                return;
            }
            followUp.addAll(ChatCompletions.correction(answer, reason, prompt.kind()));
            send();
        }

        Verdict verdict(AnswerParser.Answer a, JsonNode logprobContent) {
            String explanation = a.explanation().isBlank() ? "(the judge gave no explanation)" : a.explanation();
            if (a.outcome() == AnswerParser.Outcome.NOT_APPLICABLE) {
                return Verdict.notApplicable(explanation).withMetadata("score_method", "parsed");
            }
            if (prompt.kind() == Criterion.Kind.REWARD) {
                double parsed = a.score();
                Optional<LogprobScorer.ScoreDistribution> d = logprobContent == null ? Optional.empty() : LogprobScorer.score(logprobContent);
                if (d.isPresent() && d.get().sampled() == Math.round(parsed) && d.get().probabilities().containsKey(d.get().sampled())) {
                    Map<String, Double> dist = new LinkedHashMap<>();
                    d.get().probabilities().forEach((k, p) -> dist.put(String.valueOf(k), round(p)));
                    return Verdict.score(clamp(d.get().mean() / 10.0), explanation)
                            .withMetadata("score_method", "logprobs")
                            .withMetadata("sampled_score", (int) Math.round(parsed))
                            .withMetadata("score_distribution", dist)
                            .withMetadata("logprob_mass", round(d.get().coveredMass()));
                }
                return Verdict.score(clamp(parsed / 10.0), explanation).withMetadata("score_method", "parsed");
            }
            boolean parsedPass = a.outcome() == AnswerParser.Outcome.PASS;
            Optional<LogprobScorer.PassProbability> p = logprobContent == null ? Optional.empty() : LogprobScorer.pass(logprobContent);
            if (p.isPresent() && p.get().sampledPass() == parsedPass) {
                return Verdict.passed(p.get().pass() >= 0.5, explanation)
                        .withMetadata("score_method", "logprobs")
                        .withMetadata("pass_probability", round(p.get().pass()))
                        .withMetadata("logprob_mass", round(p.get().coveredMass()));
            }
            return Verdict.passed(parsedPass, explanation).withMetadata("score_method", "parsed");
        }

        JudgeException timedOut(Throwable last) {
            String why = last == null || last.getCause() == null ? "" : " (last failure: " + redact(last.getCause().getMessage()) + ")";
            return JudgeException.timedOut(name(), "no usable answer from " + settings.baseUrl() + " (model " + settings.model()
                    + ") within the deadline" + why);
        }
    }

    private String describe(Throwable error) {
        String at = settings.chatCompletionsUri().toString();
        if (error instanceof ComposoApiException api) {
            int s = api.statusCode();
            String detail = redact(api.detail());
            if (api instanceof AuthenticationException || api instanceof PermissionDeniedException) {
                return "the endpoint " + at + " refused the credentials (HTTP " + s + "): " + detail
                        + " (check the key in the environment variable named by api-key-env)";
            }
            if (api instanceof NotFoundException) {
                return "HTTP 404 from " + at + ": " + detail + " (check base-url, usually ending in /v1, and that model '"
                        + settings.model() + "' is available)";
            }
            if (api instanceof RateLimitException) {
                return "rate limited by " + at + " (HTTP 429) after " + (settings.retries() + 1) + " attempt(s): " + detail;
            }
            if (s >= 500) {
                return "the endpoint " + at + " answered HTTP " + s + " after " + (settings.retries() + 1) + " attempt(s): " + detail;
            }
            return "the endpoint " + at + " rejected the request (HTTP " + s + "): " + detail;
        }
        if (error instanceof ComposoIoException) {
            Throwable c = error.getCause();
            String why = c == null ? error.getMessage() : ai.composo.internal.http.IoReasons.of(c);
            return "could not reach " + at + " after " + (settings.retries() + 1) + " attempt(s): " + redact(why);
        }
        return "unexpected error calling " + at + ": " + error.getClass().getSimpleName() + ": " + redact(error.getMessage());
    }

    /** Removes the API key and key-like tokens from text that came from the endpoint. */
    private String redact(String text) {
        if (text == null) {
            return "";
        }
        String t = text;
        Optional<String> key = settings.apiKey();
        if (key.isPresent() && !key.get().isEmpty()) {
            t = t.replace(key.get(), "***");
        }
        return KEY_LIKE.matcher(t).replaceAll("$1-***");
    }

    private static String abbreviate(String s) {
        String one = s == null ? "" : s.replaceAll("\\s+", " ").strip();
        return one.length() <= 200 ? one : one.substring(0, 200) + "…";
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static double clamp(double v) {
        return Math.max(0.0, Math.min(1.0, v));
    }

    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}

package ai.composo.judge.embedded;

import ai.composo.judge.Judge;
import ai.composo.judge.JudgeException;
import ai.composo.judge.JudgeRequest;
import ai.composo.judge.Verdict;
import ai.composo.judge.embedded.internal.Embedder;
import ai.composo.judge.embedded.internal.Scorer;
import ai.composo.judge.embedded.internal.reading.CriterionReader;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The offline judge: bge-small-en-v1.5 (int8 ONNX, bundled in the jar, never downloaded) plus
 * heuristic signals chosen from the criterion. Deterministic: the same request always gives the same
 * verdict. {@link #evaluate} never blocks the caller: the model loads and inference runs on the
 * judge's own bounded pool of threads (4 MB stacks, as ONNX Runtime needs).
 *
 * <p>It cannot judge arbitrary criteria the way an LLM can; every verdict names the signals it used
 * and carries a {@code confidence} in its metadata, low when the criterion concerns what the judge
 * cannot see (for example factual accuracy with no reference or source).
 */
public final class EmbeddedJudge implements Judge {
    public static final String DEFAULT_NAME = "embedded-bge-small";
    /** The embedding model the judge runs, as run manifests and health checks name it. */
    public static final String MODEL = Embedder.MODEL_NAME;
    private static final long STACK_SIZE = 4L << 20;

    private final String name;
    private final ThreadPoolExecutor pool;
    private final Duration timeout;
    private final CompletableFuture<Scorer> scorer;
    private volatile boolean closed;

    private EmbeddedJudge(Builder b) {
        this.name = b.name;
        this.timeout = b.timeout;
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(null, r, "composo-judge-" + name + "-" + count.incrementAndGet(), STACK_SIZE);
            t.setDaemon(true);
            return t;
        };
        this.pool = new ThreadPoolExecutor(b.threads, b.threads, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(b.queueCapacity), factory, new ThreadPoolExecutor.AbortPolicy());
        this.pool.allowCoreThreadTimeOut(true);
        this.scorer = CompletableFuture.supplyAsync(() -> new Scorer(Embedder.shared(), CriterionReader.shared(), name), pool);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean deterministic() {
        return true;
    }

    @Override
    public CompletableFuture<Verdict> evaluate(JudgeRequest request) {
        Objects.requireNonNull(request, "request");
        if (closed) {
            return CompletableFuture.failedFuture(JudgeException.failed(name, "the judge is closed", null));
        }
        Instant deadline = request.deadline().orElse(timeout == null ? null : Instant.now().plus(timeout));
        CompletableFuture<Verdict> result = new CompletableFuture<>();
        scorer.whenComplete((s, loadError) -> {
            if (loadError != null) {
                result.completeExceptionally(JudgeException.failed(name, "the embedding model could not be loaded: "
                        + rootMessage(loadError), loadError));
                return;
            }
            try {
                pool.execute(() -> {
                    if (result.isDone()) {
                        return;
                    }
                    if (deadline != null && Instant.now().isAfter(deadline)) {
                        result.completeExceptionally(JudgeException.timedOut(name, "the evaluation waited past its deadline in the judge's queue"));
                        return;
                    }
                    try {
                        result.complete(s.score(request));
                    } catch (RuntimeException | LinkageError | StackOverflowError e) {
                        result.completeExceptionally(JudgeException.failed(name, "evaluation failed: " + rootMessage(e), e));
                    } catch (Throwable e) {
                        result.completeExceptionally(JudgeException.failed(name, "evaluation failed: " + rootMessage(e), e));
                        throw e;
                    }
                });
            } catch (RejectedExecutionException e) {
                result.completeExceptionally(JudgeException.failed(name, closed ? "the judge is closed"
                        : "too many evaluations are queued (" + pool.getQueue().size() + "); try again later", e));
            }
        });
        if (deadline != null) {
            long millis = Math.max(1, Duration.between(Instant.now(), deadline).toMillis());
            return result.orTimeout(millis, TimeUnit.MILLISECONDS).exceptionallyCompose(e -> {
                Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                if (cause instanceof TimeoutException) {
                    return CompletableFuture.failedFuture(JudgeException.timedOut(name, "no verdict within " + millis + " ms"));
                }
                return CompletableFuture.failedFuture(cause);
            });
        }
        return result;
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    }

    @Override
    public Health health() {
        if (closed) {
            return Health.notReady("closed");
        }
        if (!scorer.isDone()) {
            return Health.notReady("loading the " + Embedder.MODEL_NAME + " model");
        }
        if (scorer.isCompletedExceptionally()) {
            return Health.notReady("the " + Embedder.MODEL_NAME + " model failed to load");
        }
        return new Health(true, "ready (" + Embedder.MODEL_NAME + " loaded in " + Embedder.shared().loadMillis() + " ms)");
    }

    /** How long loading the model took, once it is loaded (shared by every embedded judge in the JVM). */
    public Optional<Duration> modelLoadTime() {
        return scorer.isDone() && !scorer.isCompletedExceptionally()
                ? Optional.of(Duration.ofMillis(Embedder.shared().loadMillis())) : Optional.empty();
    }

    /** Waits until the model is loaded (for start-up and benchmarks); the judge is usable before. */
    public EmbeddedJudge awaitReady(Duration max) {
        try {
            scorer.get(max.toMillis(), TimeUnit.MILLISECONDS);
            return this;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw JudgeException.failed(name, "interrupted while loading the model", e);
        } catch (TimeoutException e) {
            throw JudgeException.timedOut(name, "the model did not load within " + max.toMillis() + " ms");
        } catch (java.util.concurrent.ExecutionException e) {
            throw JudgeException.failed(name, "the embedding model could not be loaded: " + rootMessage(e), e);
        }
    }

    /**
     * How this judge reads {@code criterion} (waits for the model to load). The same reading is used for every
     * verdict on that criterion, and is shown in each verdict's explanation and {@code reading} metadata.
     *
     * @throws IllegalArgumentException if {@code criterion} is not a valid criterion (no accepted prefix, empty)
     */
    public CriterionReading read(String criterion) {
        ai.composo.judge.Criterion parsed = ai.composo.judge.Criterion.parse(criterion);
        Scorer s = awaitReady(Duration.ofMinutes(5)).scorer.join();
        CriterionReader.Reading r;
        try {
            r = CompletableFuture.supplyAsync(() -> s.read(parsed), pool).join();
        } catch (CompletionException e) {
            throw JudgeException.failed(name, "could not read the criterion: " + rootMessage(e), e);
        }
        return new CriterionReading(criterion,
                r.parts().stream().map(p -> new CriterionReading.Part(p.family().signal, p.aspect(), p.wanted() > 0, p.fragment(),
                        Math.round(p.confidence() * 1000) / 1000.0)).toList(),
                r.unread().stream().map(CriterionReader.Unread::fragment).toList(),
                Math.round(r.confidence() * 1000) / 1000.0, r.summary());
    }

    @Override
    public void close() {
        closed = true;
        pool.shutdown();
    }

    public static final class Builder {
        private String name = DEFAULT_NAME;
        private int threads = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
        private int queueCapacity = 1024;
        private Duration timeout;

        private Builder() {}

        public Builder name(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("name must not be blank");
            }
            this.name = name;
            return this;
        }

        /** Inference threads (each runs one single-threaded ONNX call at a time); default min(2, cores). */
        public Builder threads(int threads) {
            if (threads < 1 || threads > 64) {
                throw new IllegalArgumentException("threads must be between 1 and 64, got " + threads);
            }
            this.threads = threads;
            return this;
        }

        /** Evaluations that may wait for a thread before new ones are refused; default 1024. */
        public Builder queueCapacity(int queueCapacity) {
            if (queueCapacity < 1) {
                throw new IllegalArgumentException("queue capacity must be at least 1, got " + queueCapacity);
            }
            this.queueCapacity = queueCapacity;
            return this;
        }

        /** Time budget per evaluation when the request carries no deadline; default none. */
        public Builder timeout(Duration timeout) {
            if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
                throw new IllegalArgumentException("timeout must be positive, got " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        public EmbeddedJudge build() {
            return new EmbeddedJudge(this);
        }
    }
}

package ai.composo;

import ai.composo.errors.ComposoException;
import ai.composo.errors.ComposoTimeoutException;
import ai.composo.internal.http.Request;
import ai.composo.internal.http.Response;
import ai.composo.internal.retry.RetryListener;
import ai.composo.model.EvaluationPage;
import ai.composo.model.EvaluationResponse;
import ai.composo.model.Message;
import ai.composo.model.MultiAgentTrace;
import ai.composo.model.MultiAgentTraceResponse;
import ai.composo.model.StoredTrace;
import ai.composo.model.Task;
import ai.composo.model.TaskHandle;
import ai.composo.model.TraceComment;
import ai.composo.model.TracePage;
import ai.composo.model.TraceRating;
import ai.composo.model.Usage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The asynchronous Composo client. Every call returns a {@link CompletableFuture} at once; at most
 * {@code maxConcurrentRequests} HTTP requests of this client are in flight at any time (multi-criteria
 * fan-out and batches included), and waiting for a slot blocks no thread. Each evaluation has a total deadline
 * ({@code timeout}, default 60 s) that starts with its first attempt and covers every retry and wait.
 * Cancelling a returned future cancels its HTTP exchange. Thread-safe; close it when done.
 *
 * <pre>{@code
 * try (AsyncComposo client = AsyncComposo.builder().maxConcurrentRequests(10).build()) {
 *     EvaluationResponse r = client.evaluate(messages, "Reward accurate mathematical responses").join();
 * }
 * }</pre>
 */
public final class AsyncComposo implements AutoCloseable {
    private static final String NAME = "AsyncComposo";

    private final ClientCore core;
    private final Set<CompletableFuture<?>> pending = ConcurrentHashMap.newKeySet();

    private AsyncComposo(ClientConfig config) {
        this.core = new ClientCore(config, true);
    }

    public static Builder builder() {
        return new Builder();
    }

    // ---- evaluations -------------------------------------------------------------------------------------

    /** Evaluates the conversation against one criterion. */
    public CompletableFuture<EvaluationResponse> evaluate(List<Message> messages, String criterion) {
        return evaluate(EvaluationRequest.of(messages, criterion));
    }

    /** Evaluates the conversation against each criterion concurrently; results in criteria order. */
    public CompletableFuture<List<EvaluationResponse>> evaluate(List<Message> messages, List<String> criteria) {
        ClientCore.checkCriteria(criteria);
        return evaluate(EvaluationRequest.of(messages, criteria.get(0)), criteria);
    }

    /** Sends one request (one criterion, one HTTP call, retries aside). */
    public CompletableFuture<EvaluationResponse> evaluate(EvaluationRequest request) {
        core.ensureOpen(NAME);
        return send(core.evaluationRequest(core.evaluationBody(request), false), ClientCore::decodeEvaluation, null);
    }

    /**
     * Evaluates {@code template} (its criterion is replaced) against each criterion concurrently; results in
     * criteria order. The result message, if any, is appended once and the body reused for every criterion. If one
     * evaluation fails, the returned future fails with its exception and the others are cancelled (use
     * {@link #evaluateAll} to keep per-item errors instead).
     */
    public CompletableFuture<List<EvaluationResponse>> evaluate(EvaluationRequest template, List<String> criteria) {
        core.ensureOpen(NAME);
        Objects.requireNonNull(template, "template");
        List<String> bodies = core.evaluationBodies(template, criteria);
        List<CompletableFuture<EvaluationResponse>> parts = new ArrayList<>(bodies.size());
        for (String body : bodies) {
            parts.add(send(core.evaluationRequest(body, false), ClientCore::decodeEvaluation, null));
        }
        return all(parts);
    }

    /**
     * Posts to {@code /api/v1/evals/reward/background} and returns the task handle. Against our server, fetch the
     * result with {@link #getTask} or {@link #awaitTask}.
     */
    public CompletableFuture<TaskHandle> evaluateInBackground(EvaluationRequest request) {
        core.ensureOpen(NAME);
        return send(core.evaluationRequest(core.evaluationBody(request), true), ClientCore::decodeTaskHandle, null);
    }

    /**
     * {@code GET /api/v1/tasks/{taskId}}: an extension of the self-hosted Composo server (wire-spec §15.1). The
     * hosted platform has no such endpoint and answers with {@link ai.composo.errors.NotFoundException}.
     */
    public CompletableFuture<Task> getTask(String taskId) {
        core.ensureOpen(NAME);
        return send(core.taskRequest(taskId), ClientCore::decodeTask, null);
    }

    /**
     * Polls {@link #getTask} (every 0.5 s, doubling to 5 s) until the task succeeds or fails, and returns it;
     * fails with {@link ComposoTimeoutException} when {@code maxWait} passes first. Our server's extension only:
     * on the hosted platform this fails with {@link ai.composo.errors.NotFoundException}.
     */
    public CompletableFuture<Task> awaitTask(String taskId, Duration maxWait) {
        core.ensureOpen(NAME);
        ClientCore.requireText(taskId, "taskId");
        if (maxWait == null || maxWait.isNegative()) {
            throw new IllegalArgumentException("maxWait must be a non-negative duration");
        }
        CompletableFuture<Task> out = new CompletableFuture<>();
        long start = core.config.time.nanoTime();
        poll(taskId, maxWait, start, 0, out);
        return out;
    }

    private void poll(String taskId, Duration maxWait, long start, int n, CompletableFuture<Task> out) {
        if (out.isDone()) {
            return;
        }
        CompletableFuture<Task> f = getTask(taskId);
        out.whenComplete((v, e) -> f.cancel(true));
        f.whenComplete((task, e) -> {
            if (e != null) {
                out.completeExceptionally(unwrap(e));
                return;
            }
            if (task.isTerminal()) {
                out.complete(task);
                return;
            }
            Duration left = maxWait.minusNanos(core.config.time.nanoTime() - start);
            if (left.isNegative() || left.isZero()) {
                out.completeExceptionally(new ComposoTimeoutException(maxWait,
                        new ComposoException("Task " + taskId + " is still " + task.status())));
                return;
            }
            Duration wait = ClientCore.pollInterval(n);
            core.config.sleeper.sleepAsync(wait.compareTo(left) < 0 ? wait : left)
                    .whenComplete((x, err) -> poll(taskId, maxWait, start, n + 1, out));
        });
    }

    // ---- traces --------------------------------------------------------------------------------------------

    /** Evaluates a multi-agent trace against one criterion with the client's model core (else align-20250529). */
    public CompletableFuture<MultiAgentTraceResponse> evaluateTrace(MultiAgentTrace trace, String criterion) {
        return evaluateTrace(trace, criterion, null);
    }

    /** As {@link #evaluateTrace(MultiAgentTrace, String)} with a per-call model core (null = client's). */
    public CompletableFuture<MultiAgentTraceResponse> evaluateTrace(MultiAgentTrace trace, String criterion, String modelCore) {
        core.ensureOpen(NAME);
        return send(core.traceRequest(trace, criterion, modelCore, false), ClientCore::decodeTrace, null);
    }

    public CompletableFuture<List<MultiAgentTraceResponse>> evaluateTrace(MultiAgentTrace trace, List<String> criteria) {
        return evaluateTrace(trace, criteria, null);
    }

    /** One request per criterion, concurrently; results in criteria order. */
    public CompletableFuture<List<MultiAgentTraceResponse>> evaluateTrace(MultiAgentTrace trace, List<String> criteria,
                                                                         String modelCore) {
        core.ensureOpen(NAME);
        ClientCore.checkCriteria(criteria);
        List<Request> requests = criteria.stream().map(c -> core.traceRequest(trace, c, modelCore, false)).toList();
        List<CompletableFuture<MultiAgentTraceResponse>> parts = new ArrayList<>();
        for (Request r : requests) {
            parts.add(send(r, ClientCore::decodeTrace, null));
        }
        return all(parts);
    }

    /** Posts the trace evaluation to {@code /api/v1/evals/trace/background}. */
    public CompletableFuture<TaskHandle> evaluateTraceInBackground(MultiAgentTrace trace, String criterion, String modelCore) {
        core.ensureOpen(NAME);
        return send(core.traceRequest(trace, criterion, modelCore, true), ClientCore::decodeTaskHandle, null);
    }

    // ---- batches -------------------------------------------------------------------------------------------

    /**
     * Evaluates a stream of inputs of any length with bounded memory: at most {@code options.window()} items are
     * held at once. Each input becomes one request through {@code toRequest}; a failure (including an exception
     * from {@code toRequest}) becomes that item's {@link BatchItem#error()} and never stops the batch.
     */
    public <T> BatchStream<T> evaluateAll(Iterator<? extends T> inputs, Function<? super T, EvaluationRequest> toRequest,
                                          BatchOptions options) {
        return evaluateAll(inputs, toRequest, options, () -> { });
    }

    public <T> BatchStream<T> evaluateAll(Iterable<? extends T> inputs, Function<? super T, EvaluationRequest> toRequest,
                                          BatchOptions options) {
        return evaluateAll(Objects.requireNonNull(inputs, "inputs").iterator(), toRequest, options, () -> { });
    }

    /** The stream is closed when the batch is closed. */
    public <T> BatchStream<T> evaluateAll(Stream<? extends T> inputs, Function<? super T, EvaluationRequest> toRequest,
                                          BatchOptions options) {
        Objects.requireNonNull(inputs, "inputs");
        return evaluateAll(inputs.iterator(), toRequest, options, inputs::close);
    }

    /** With {@link BatchOptions#defaults()}. */
    public <T> BatchStream<T> evaluateAll(Iterable<? extends T> inputs, Function<? super T, EvaluationRequest> toRequest) {
        return evaluateAll(inputs, toRequest, BatchOptions.defaults());
    }

    private <T> BatchStream<T> evaluateAll(Iterator<? extends T> inputs, Function<? super T, EvaluationRequest> toRequest,
                                           BatchOptions options, Runnable onClose) {
        core.ensureOpen(NAME);
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(toRequest, "toRequest");
        BatchOptions o = options == null ? BatchOptions.defaults() : options;
        int window = o.window() > 0 ? o.window() : 2 * core.config.maxConcurrentRequests;
        return new BatchRunner<>(this, inputs, toRequest, window, o.ordered(), onClose);
    }

    CompletableFuture<EvaluationResponse> submit(EvaluationRequest request, RetryListener perCall) {
        core.ensureOpen(NAME);
        return send(core.evaluationRequest(core.evaluationBody(request), false), ClientCore::decodeEvaluation, perCall);
    }

    // ---- lifecycle -----------------------------------------------------------------------------------------

    /** Counters since the client was built. */
    // ---- stored data (wire-spec §12) -----------------------------------------------------------------------

    /** {@code GET /api/v1/traces}: one page of stored traces, newest first. */
    public CompletableFuture<TracePage> listTraces(TraceQuery query) {
        core.ensureOpen(NAME);
        return send(core.tracesRequest(query), ClientCore.decoder(TracePage.class), null);
    }

    /** {@code GET /api/v1/traces/{traceId}}; fails with {@link ai.composo.errors.NotFoundException} for unknown or foreign ids. */
    public CompletableFuture<StoredTrace> getStoredTrace(String traceId) {
        core.ensureOpen(NAME);
        return send(core.storedTraceRequest(traceId), ClientCore.decoder(StoredTrace.class), null);
    }

    /** {@code POST /api/v1/annotations/comment}. */
    public CompletableFuture<TraceComment> addComment(String traceId, String comment) {
        core.ensureOpen(NAME);
        return send(core.commentRequest(traceId, comment), ClientCore.decoder(TraceComment.class), null);
    }

    /** {@code POST /api/v1/annotations/rating}: true for good, false for bad; the latest rating is the trace's. */
    public CompletableFuture<TraceRating> rateTrace(String traceId, boolean rating) {
        core.ensureOpen(NAME);
        return send(core.ratingRequest(traceId, rating), ClientCore.decoder(TraceRating.class), null);
    }

    /** {@code POST /api/v1/evaluations/filter}: one page of stored evaluations, newest first. */
    public CompletableFuture<EvaluationPage> filterEvaluations(EvaluationFilter filter) {
        core.ensureOpen(NAME);
        return send(core.filterRequest(filter), ClientCore.decoder(EvaluationPage.class), null);
    }

    /** {@code GET /api/v1/usage}: this month's requests and tokens. */
    public CompletableFuture<Usage> usage() {
        core.ensureOpen(NAME);
        return send(core.usageRequest(), ClientCore.decoder(Usage.class), null);
    }

    public ClientStats stats() {
        return core.stats();
    }

    /**
     * Closes the client: later calls throw {@link IllegalStateException}; calls still pending complete
     * exceptionally with a {@link ComposoException} and their HTTP exchanges are cancelled. Idempotent.
     */
    @Override
    public void close() {
        if (!core.markClosed()) {
            return;
        }
        for (CompletableFuture<?> f : pending.toArray(new CompletableFuture<?>[0])) {
            f.completeExceptionally(new ComposoException(NAME + " was closed before this call completed"));
        }
        pending.clear();
    }

    private <T> CompletableFuture<T> send(Request request, Function<Response, T> decode, RetryListener perCall) {
        CompletableFuture<Response> http = core.executor.executeAsync(request, perCall);
        CompletableFuture<T> out = new CompletableFuture<>();
        pending.add(out);
        out.whenComplete((v, e) -> {
            pending.remove(out);
            if (e != null) {
                http.cancel(true);
            }
        });
        http.whenComplete((r, e) -> {
            if (e != null) {
                out.completeExceptionally(unwrap(e));
                return;
            }
            try {
                out.complete(decode.apply(r));
            } catch (RuntimeException ex) {
                out.completeExceptionally(ex);
            }
        });
        if (core.isClosed()) {
            out.completeExceptionally(new ComposoException(NAME + " was closed before this call completed"));
        }
        return out;
    }

    private static <T> CompletableFuture<List<T>> all(List<CompletableFuture<T>> parts) {
        CompletableFuture<List<T>> out = new CompletableFuture<>();
        out.whenComplete((v, e) -> {
            if (e != null) {
                parts.forEach(p -> p.cancel(true));
            }
        });
        for (CompletableFuture<T> p : parts) {
            p.whenComplete((v, e) -> {
                if (e != null) {
                    out.completeExceptionally(unwrap(e));
                }
            });
        }
        CompletableFuture.allOf(parts.toArray(new CompletableFuture<?>[0])).thenRun(() -> {
            List<T> results = new ArrayList<>(parts.size());
            parts.forEach(p -> results.add(p.join()));
            out.complete(List.copyOf(results));
        });
        return out;
    }

    static Throwable unwrap(Throwable t) {
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** Options mirror the Python {@code AsyncComposo} constructor. */
    public static final class Builder extends ClientBuilder<Builder> {
        private Builder() {}

        @Override
        Builder self() {
            return this;
        }

        /** Client-wide cap on HTTP requests in flight (default 5). */
        public Builder maxConcurrentRequests(int maxConcurrentRequests) {
            config.maxConcurrentRequests(maxConcurrentRequests);
            return this;
        }

        /**
         * Adaptive concurrency (off by default): each 429 halves the effective cap, each success raises it by
         * 1/cap, never above {@code maxConcurrentRequests}.
         */
        public Builder adaptiveConcurrency(boolean adaptive) {
            config.adaptiveConcurrency = adaptive;
            return this;
        }

        /**
         * The executor on which the JDK {@code HttpClient} runs its I/O work (reading, parsing, writing); its
         * tasks never block. Default: a pool of min(4, CPUs) daemon threads that exit when idle, which needs about
         * half the CPU of the {@code HttpClient}'s own cached pool. Not shut down by {@code close()}.
         */
        public Builder executor(java.util.concurrent.Executor executor) {
            config.executor = java.util.Objects.requireNonNull(executor, "executor");
            return this;
        }

        /** @throws IllegalStateException when no API key is set and {@code COMPOSO_API_KEY} is empty */
        public AsyncComposo build() {
            return new AsyncComposo(config);
        }
    }
}

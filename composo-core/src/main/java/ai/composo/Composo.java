package ai.composo;

import ai.composo.errors.ComposoException;
import ai.composo.errors.ComposoTimeoutException;
import ai.composo.internal.http.Request;
import ai.composo.internal.http.Response;
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
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The synchronous Composo client: every call blocks the calling thread (no hidden thread pool) and returns a
 * value or throws a {@link ComposoException}. Multi-criteria calls run one after another. Each evaluation has
 * a total deadline ({@code timeout}, default 60 s) covering every retry and wait. Thread-safe; close it when
 * done. For concurrency, use {@link AsyncComposo}.
 */
public final class Composo implements AutoCloseable {
    private static final String NAME = "Composo";

    private final ClientCore core;

    private Composo(ClientConfig config) {
        this.core = new ClientCore(config, false);
    }

    public static Builder builder() {
        return new Builder();
    }

    public EvaluationResponse evaluate(List<Message> messages, String criterion) {
        return evaluate(EvaluationRequest.of(messages, criterion));
    }

    /** One request per criterion, sequentially; results in criteria order. */
    public List<EvaluationResponse> evaluate(List<Message> messages, List<String> criteria) {
        ClientCore.checkCriteria(criteria);
        return evaluate(EvaluationRequest.of(messages, criteria.get(0)), criteria);
    }

    public EvaluationResponse evaluate(EvaluationRequest request) {
        core.ensureOpen(NAME);
        return send(core.evaluationRequest(core.evaluationBody(request), false), ClientCore::decodeEvaluation);
    }

    /** {@code template} against each criterion (its own criterion is replaced), sequentially, in order. */
    public List<EvaluationResponse> evaluate(EvaluationRequest template, List<String> criteria) {
        core.ensureOpen(NAME);
        Objects.requireNonNull(template, "template");
        List<String> bodies = core.evaluationBodies(template, criteria);
        List<EvaluationResponse> out = new ArrayList<>(bodies.size());
        for (String body : bodies) {
            out.add(send(core.evaluationRequest(body, false), ClientCore::decodeEvaluation));
        }
        return List.copyOf(out);
    }

    /** Posts to {@code /api/v1/evals/reward/background}; see {@link AsyncComposo#evaluateInBackground}. */
    public TaskHandle evaluateInBackground(EvaluationRequest request) {
        core.ensureOpen(NAME);
        return send(core.evaluationRequest(core.evaluationBody(request), true), ClientCore::decodeTaskHandle);
    }

    /**
     * {@code GET /api/v1/tasks/{taskId}}: an extension of the self-hosted Composo server (wire-spec §15.1); the
     * hosted platform answers with {@link ai.composo.errors.NotFoundException}.
     */
    public Task getTask(String taskId) {
        core.ensureOpen(NAME);
        return send(core.taskRequest(taskId), ClientCore::decodeTask);
    }

    /**
     * Polls {@link #getTask} (0.5 s doubling to 5 s) until the task is terminal; {@link ComposoTimeoutException}
     * after {@code maxWait}. Our server's extension only (hosted: {@link ai.composo.errors.NotFoundException}).
     */
    public Task awaitTask(String taskId, Duration maxWait) {
        core.ensureOpen(NAME);
        ClientCore.requireText(taskId, "taskId");
        if (maxWait == null || maxWait.isNegative()) {
            throw new IllegalArgumentException("maxWait must be a non-negative duration");
        }
        long start = core.config.time.nanoTime();
        for (int n = 0; ; n++) {
            Task task = getTask(taskId);
            if (task.isTerminal()) {
                return task;
            }
            Duration left = maxWait.minusNanos(core.config.time.nanoTime() - start);
            if (left.isNegative() || left.isZero()) {
                throw new ComposoTimeoutException(maxWait, new ComposoException("Task " + taskId + " is still " + task.status()));
            }
            Duration wait = ClientCore.pollInterval(n);
            try {
                core.config.sleeper.sleep(wait.compareTo(left) < 0 ? wait : left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ComposoException("Interrupted while waiting for task " + taskId, e);
            }
        }
    }

    public MultiAgentTraceResponse evaluateTrace(MultiAgentTrace trace, String criterion) {
        return evaluateTrace(trace, criterion, null);
    }

    /** Model core: {@code modelCore} if not null, else the client's, else align-20250529. */
    public MultiAgentTraceResponse evaluateTrace(MultiAgentTrace trace, String criterion, String modelCore) {
        core.ensureOpen(NAME);
        return send(core.traceRequest(trace, criterion, modelCore, false), ClientCore::decodeTrace);
    }

    public List<MultiAgentTraceResponse> evaluateTrace(MultiAgentTrace trace, List<String> criteria) {
        return evaluateTrace(trace, criteria, null);
    }

    public List<MultiAgentTraceResponse> evaluateTrace(MultiAgentTrace trace, List<String> criteria, String modelCore) {
        core.ensureOpen(NAME);
        ClientCore.checkCriteria(criteria);
        List<Request> requests = criteria.stream().map(c -> core.traceRequest(trace, c, modelCore, false)).toList();
        List<MultiAgentTraceResponse> out = new ArrayList<>(requests.size());
        for (Request r : requests) {
            out.add(send(r, ClientCore::decodeTrace));
        }
        return List.copyOf(out);
    }

    public TaskHandle evaluateTraceInBackground(MultiAgentTrace trace, String criterion, String modelCore) {
        core.ensureOpen(NAME);
        return send(core.traceRequest(trace, criterion, modelCore, true), ClientCore::decodeTaskHandle);
    }

    // ---- stored data (wire-spec §12) -----------------------------------------------------------------------

    /** {@code GET /api/v1/traces}: one page of stored traces, newest first. */
    public TracePage listTraces(TraceQuery query) {
        core.ensureOpen(NAME);
        return send(core.tracesRequest(query), ClientCore.decoder(TracePage.class));
    }

    /** {@code GET /api/v1/traces/{traceId}}; {@link ai.composo.errors.NotFoundException} for unknown or foreign ids. */
    public StoredTrace getStoredTrace(String traceId) {
        core.ensureOpen(NAME);
        return send(core.storedTraceRequest(traceId), ClientCore.decoder(StoredTrace.class));
    }

    /** {@code POST /api/v1/annotations/comment}. */
    public TraceComment addComment(String traceId, String comment) {
        core.ensureOpen(NAME);
        return send(core.commentRequest(traceId, comment), ClientCore.decoder(TraceComment.class));
    }

    /** {@code POST /api/v1/annotations/rating}: true for good, false for bad; the latest rating is the trace's. */
    public TraceRating rateTrace(String traceId, boolean rating) {
        core.ensureOpen(NAME);
        return send(core.ratingRequest(traceId, rating), ClientCore.decoder(TraceRating.class));
    }

    /** {@code POST /api/v1/evaluations/filter}: one page of stored evaluations, newest first. */
    public EvaluationPage filterEvaluations(EvaluationFilter filter) {
        core.ensureOpen(NAME);
        return send(core.filterRequest(filter), ClientCore.decoder(EvaluationPage.class));
    }

    /** {@code GET /api/v1/usage}: this month's requests and tokens. */
    public Usage usage() {
        core.ensureOpen(NAME);
        return send(core.usageRequest(), ClientCore.decoder(Usage.class));
    }

    public ClientStats stats() {
        return core.stats();
    }

    /** Later calls throw {@link IllegalStateException}. Idempotent. */
    @Override
    public void close() {
        core.markClosed();
    }

    private <T> T send(Request request, Function<Response, T> decode) {
        core.syncInFlight().incrementAndGet();
        try {
            return decode.apply(core.executor.execute(request));
        } finally {
            core.syncInFlight().decrementAndGet();
        }
    }

    /** The options of {@link ClientBuilder}; the concurrency options of {@link AsyncComposo.Builder} are async-only. */
    public static final class Builder extends ClientBuilder<Builder> {
        private Builder() {}

        @Override
        Builder self() {
            return this;
        }

        /** @throws IllegalStateException when no API key is set and {@code COMPOSO_API_KEY} is empty */
        public Composo build() {
            return new Composo(config);
        }
    }
}

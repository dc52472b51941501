package ai.composo;

import ai.composo.errors.ComposoException;
import ai.composo.internal.concurrency.PermitPool;
import ai.composo.internal.http.HeaderTransport;
import ai.composo.internal.http.JdkTransport;
import ai.composo.internal.http.Request;
import ai.composo.internal.http.Response;
import ai.composo.internal.http.Transport;
import ai.composo.internal.json.Json;
import ai.composo.internal.retry.AttemptGate;
import ai.composo.internal.retry.RetryListener;
import ai.composo.internal.retry.RetryPolicy;
import ai.composo.internal.retry.RetryingExecutor;
import ai.composo.model.EvaluationResponse;
import ai.composo.model.MultiAgentTrace;
import ai.composo.model.MultiAgentTraceResponse;
import ai.composo.model.Task;
import ai.composo.model.TaskHandle;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** What {@link Composo} and {@link AsyncComposo} share: endpoints, bodies, decoding, retry stack, counters. */
final class ClientCore {
    static final String VERSION = readVersion();
    static final String USER_AGENT = "composo-java/" + VERSION;
    static final String TRACE_DEFAULT_MODEL_CORE = "align-20250529";

    final ClientConfig config;
    final RetryingExecutor executor;
    final PermitPool pool;
    private final Transport transport;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final LongAdder attempts = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder rateLimited = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final AtomicInteger syncInFlight = new AtomicInteger();
    private final URI reward;
    private final URI rewardBackground;
    private final URI trace;
    private final URI traceBackground;

    ClientCore(ClientConfig config, boolean async) {
        config.validate();
        this.config = config;
        String apiKey = config.resolveApiKey();
        Transport base = config.transport != null ? config.transport : new JdkTransport(config.connectTimeout, config.executor);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("API-Key", apiKey);
        headers.put("User-Agent", USER_AGENT);
        headers.put("Accept", "application/json");
        this.transport = new HeaderTransport(base, headers);
        this.pool = async ? new PermitPool(config.maxConcurrentRequests, config.adaptiveConcurrency) : null;
        RetryListener counters = new RetryListener() {
            @Override
            public void onAttempt() {
                attempts.increment();
            }

            @Override
            public void onRetry(Throwable failure, Duration wait) {
                retries.increment();
            }

            @Override
            public void onRateLimited() {
                rateLimited.increment();
                if (pool != null) {
                    pool.onRateLimited();
                }
            }

            @Override
            public void onSuccess() {
                if (pool != null) {
                    pool.onSuccess();
                }
            }

            @Override
            public void onFailure(Throwable failure) {
                failures.increment();
            }
        };
        this.executor = RetryingExecutor.builder(transport)
                .retryPolicy(RetryPolicy.builder().maxRetries(config.numRetries).random(config.random).build())
                .timeout(config.timeout)
                .attemptTimeout(config.attemptTimeout)
                .timeSource(config.time)
                .sleeper(config.sleeper)
                .gate(pool == null ? AttemptGate.UNLIMITED : pool)
                .listener(counters)
                .build();
        String b = config.baseUrl.toString();
        this.reward = URI.create(b + "/api/v1/evals/reward");
        this.rewardBackground = URI.create(b + "/api/v1/evals/reward/background");
        this.trace = URI.create(b + "/api/v1/evals/trace");
        this.traceBackground = URI.create(b + "/api/v1/evals/trace/background");
    }

    void ensureOpen(String client) {
        if (closed.get()) {
            throw new IllegalStateException(client + " is closed");
        }
    }

    boolean isClosed() {
        return closed.get();
    }

    /** Marks the client closed; true the first time only. */
    boolean markClosed() {
        if (closed.compareAndSet(false, true)) {
            transport.close();
            return true;
        }
        return false;
    }

    ClientStats stats() {
        int inFlight = pool != null ? pool.inFlight() : syncInFlight.get();
        return new ClientStats(attempts.sum(), retries.sum(), rateLimited.sum(), failures.sum(), inFlight);
    }

    AtomicInteger syncInFlight() {
        return syncInFlight;
    }

    Request evaluationRequest(String body, boolean background) {
        return Request.postJson(background ? rewardBackground : reward, body);
    }

    Request traceRequest(MultiAgentTrace t, String criterion, String modelCore, boolean background) {
        return Request.postJson(background ? traceBackground : trace, Json.write(traceBody(t, criterion, modelCore)));
    }

    Request taskRequest(String taskId) {
        requireText(taskId, "taskId");
        return Request.get(URI.create(config.baseUrl + "/api/v1/tasks/" + URLEncoder.encode(taskId, StandardCharsets.UTF_8)));
    }

    Request tracesRequest(TraceQuery query) {
        return Request.get(URI.create(config.baseUrl + "/api/v1/traces" + (query == null ? TraceQuery.firstPage() : query).queryString()));
    }

    Request storedTraceRequest(String traceId) {
        requireText(traceId, "traceId");
        return Request.get(URI.create(config.baseUrl + "/api/v1/traces/" + URLEncoder.encode(traceId, StandardCharsets.UTF_8)));
    }

    Request commentRequest(String traceId, String comment) {
        ObjectNode body = Json.object();
        body.put("trace_id", requireText(traceId, "traceId"));
        body.put("comment", requireText(comment, "comment"));
        return Request.postJson(URI.create(config.baseUrl + "/api/v1/annotations/comment"), Json.write(body));
    }

    Request ratingRequest(String traceId, boolean rating) {
        ObjectNode body = Json.object();
        body.put("trace_id", requireText(traceId, "traceId"));
        body.put("rating", rating);
        return Request.postJson(URI.create(config.baseUrl + "/api/v1/annotations/rating"), Json.write(body));
    }

    Request filterRequest(EvaluationFilter filter) {
        return Request.postJson(URI.create(config.baseUrl + "/api/v1/evaluations/filter"),
                Json.write((filter == null ? EvaluationFilter.all() : filter).toJson()));
    }

    Request usageRequest() {
        return Request.get(URI.create(config.baseUrl + "/api/v1/usage"));
    }

    static <T> java.util.function.Function<Response, T> decoder(Class<T> type) {
        return r -> decode(r, type);
    }

    ObjectNode traceBody(MultiAgentTrace t, String criterion, String modelCore) {
        if (t == null) {
            throw new IllegalArgumentException("trace must not be null");
        }
        requireText(criterion, "criterion");
        ObjectNode body = Json.object();
        body.set("trace", Json.tree(t));
        body.put("evaluation_criteria", criterion);
        String core = modelCore != null ? modelCore : config.modelCore != null ? config.modelCore : TRACE_DEFAULT_MODEL_CORE;
        body.put("model_core", core);
        body.put("evaluate_latest", false);
        return body;
    }

    /** One body per criterion (the result appended once in each). */
    List<String> evaluationBodies(EvaluationRequest template, List<String> criteria) {
        checkCriteria(criteria);
        return criteria.stream()
                .map(c -> template.toBuilder().evaluatorName(null).criterion(c).build().toJsonText(config.modelCore))
                .toList();
    }

    String evaluationBody(EvaluationRequest request) {
        if (request == null) {
            throw new IllegalArgumentException("request must not be null");
        }
        return request.toJsonText(config.modelCore);
    }

    static void checkCriteria(List<String> criteria) {
        if (criteria == null || criteria.isEmpty()) {
            throw new IllegalArgumentException("criteria must contain at least one criterion");
        }
        for (int i = 0; i < criteria.size(); i++) {
            String c = criteria.get(i);
            if (c == null || c.isBlank()) {
                throw new IllegalArgumentException("criteria[" + i + "] is null or blank");
            }
        }
    }

    static EvaluationResponse decodeEvaluation(Response r) {
        return decode(r, EvaluationResponse.class);
    }

    static MultiAgentTraceResponse decodeTrace(Response r) {
        return decode(r, MultiAgentTraceResponse.class);
    }

    static TaskHandle decodeTaskHandle(Response r) {
        return decode(r, TaskHandle.class);
    }

    static Task decodeTask(Response r) {
        return decode(r, Task.class);
    }

    private static <T> T decode(Response r, Class<T> type) {
        try {
            T value = Json.read(r.body(), type);
            if (value == null) {
                throw new IllegalArgumentException("the body is JSON null");
            }
            return value;
        } catch (RuntimeException e) {
            throw new ComposoException("Unexpected " + r.statusCode() + " response body (not a " + type.getSimpleName()
                    + "): " + e.getMessage(), e);
        }
    }

    static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be null or blank");
        }
        return value;
    }

    /** Poll interval n (0-based) of awaitTask: 0.5 s doubling to 5 s. */
    static Duration pollInterval(int n) {
        long ms = 500L << Math.min(n, 4);
        return Duration.ofMillis(Math.min(ms, 5000));
    }

    private static String readVersion() {
        try (InputStream in = ClientCore.class.getResourceAsStream("composo-version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version");
                if (v != null && !v.isBlank() && !v.startsWith("$")) {
                    return v.strip();
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return "unknown";
    }
}

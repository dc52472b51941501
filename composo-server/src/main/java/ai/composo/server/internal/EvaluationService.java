package ai.composo.server.internal;

import ai.composo.internal.json.Json;
import ai.composo.judge.JudgeException;
import ai.composo.judge.JudgeRequest;
import ai.composo.judge.Verdict;
import ai.composo.model.AgentInstance;
import ai.composo.model.AgentInstanceResult;
import ai.composo.model.AgentTraceResult;
import ai.composo.model.MultiAgentTraceResponse;
import ai.composo.model.SummaryStatistics;
import ai.composo.server.internal.EvalRequest.Endpoint;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one validated evaluation: picks the judge for {@code model_core}, consults the result cache
 * (deterministic judges only; errors are never cached), bounds the judge by the time limit (524), and
 * shapes the wire response of {@code /reward}, {@code /binary} or {@code /trace}.
 */
public final class EvaluationService {
    private static final Logger LOG = LoggerFactory.getLogger("ai.composo.server.evaluation");
    /** The tag with which {@code composo eval --repeat} numbers each repeat of a pair. */
    public static final String REPEAT_TAG = "composo_repeat";
    private static final String REPEAT_KEY = "repeat";
    private final java.util.Set<String> loggedFailures = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** A finished evaluation: the response body, the judge that produced it, and whether the cache answered. */
    public record Outcome(JsonNode body, String judge, boolean cacheHit) {}

    private final JudgeRegistry judges;
    private final ResultCache cache;
    private final Duration timeout;
    private final Metrics metrics;

    public EvaluationService(JudgeRegistry judges, ResultCache cache, Duration timeout, Metrics metrics) {
        this.judges = judges;
        this.cache = cache;
        this.timeout = timeout;
        this.metrics = metrics;
    }

    /** Never throws: failures complete the future with an {@link ApiException}. */
    public CompletableFuture<Outcome> evaluate(EvalRequest req, String requestId) {
        try {
            JudgeRegistry.Named named = judges.resolve(req.modelCore());
            if (req.endpoint() == Endpoint.TRACE) {
                return trace(req, named, requestId);
            }
            JudgeRequest jr = JudgeRequest.builder().criterion(req.criterion()).messages(req.messages()).system(req.system())
                    .tools(req.tools()).evaluateLatest(req.evaluateLatest()).referenceOutput(req.referenceOutput())
                    .modelCore(req.modelCore()).deadline(Instant.now().plus(timeout))
                    .endUserExplanation(req.explanationCleaning() != null).build();
            ObjectNode keyParts = Json.object();
            keyParts.put("criterion", req.criterion().text());
            keyParts.set("messages", Json.tree(req.messages()));
            keyParts.put("system", req.system());
            keyParts.set("tools", Json.tree(req.rawTools()));
            keyParts.put("evaluate_latest", req.evaluateLatest());
            keyParts.put("reference_output", req.referenceOutput());
            if (jr.endUserExplanation()) {
                keyParts.put("end_user_explanation", true); // a judge may answer differently when asked for one
            }
            if (req.tags() != null && req.tags().containsKey(REPEAT_TAG)) {
                keyParts.put(REPEAT_KEY, req.tags().get(REPEAT_TAG));
            }
            return judge(named, jr, keyParts, requestId).thenApply(v -> new Outcome(conversationBody(req, named, v), named.name(), v.cacheHit()));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(serverFault(e, requestId));
        }
    }

    private record Judged(Verdict verdict, boolean cacheHit) {}

    private CompletableFuture<Judged> judge(JudgeRegistry.Named named, JudgeRequest jr, ObjectNode keyParts, String requestId) {
        // A deterministic judge's verdict is cached whatever the repeat. A judge that samples is cached only per
        // repeat (the CLI's --repeat tags each one): repeat 3 of a pair is the same sample when a run is resumed
        // or re-run, while repeats 1, 2 and 3 stay independent samples.
        JsonNode repeat = keyParts.remove(REPEAT_KEY);
        boolean sampling = !named.judge().deterministic();
        boolean cacheable = cache.enabled() && (!sampling || repeat != null);
        if (sampling && repeat != null) {
            keyParts.set(REPEAT_KEY, repeat);
        }
        String key = null;
        if (cacheable) {
            keyParts.put("judge", named.name());
            keyParts.put("judge_impl", named.judge().cacheIdentity());
            key = CanonicalKey.of(keyParts);
            Verdict hit = cache.get(key);
            if (hit != null) {
                metrics.cache(true);
                return CompletableFuture.completedFuture(new Judged(hit, true));
            }
            metrics.cache(false);
        }
        String cacheKey = key;
        long start = System.nanoTime();
        CompletableFuture<Verdict> f;
        try {
            f = named.judge().evaluate(jr);
            if (f == null) {
                throw new IllegalStateException("judge returned no future");
            }
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        return f.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).handle((v, err) -> {
            metrics.judgeTime(named.name(), System.nanoTime() - start, err == null);
            if (err != null) {
                throw new CompletionException(judgeError(named, unwrap(err), requestId));
            }
            if (v == null) {
                throw new CompletionException(judgeError(named, new IllegalStateException("the judge returned no verdict"), requestId));
            }
            if (cacheKey != null) {
                cache.put(cacheKey, v);
            }
            return new Judged(v, false);
        });
    }

    private ApiException judgeError(JudgeRegistry.Named named, Throwable err, String requestId) {
        if (err instanceof ApiException a) {
            return a;
        }
        if (err instanceof TimeoutException) {
            return new ApiException(524, "Judge '" + named.name() + "' timed out: no verdict within " + timeout.toMillis() + " ms");
        }
        if (err instanceof JudgeException je) {
            if (firstTimeOf(named.name() + '\u001f' + je.detail())) {
                LOG.warn("request_id={} judge={} status={} detail=\"{}\"", requestId, named.name(), je.statusCode(), je.detail(),
                        je.getCause());
            } else {
                // A judge that is down fails every request the same way: its stack trace is in the log once already.
                LOG.warn("request_id={} judge={} status={} detail=\"{}\" (same failure as before; its stack trace was logged once)",
                        requestId, named.name(), je.statusCode(), je.detail());
            }
            return new ApiException(je.statusCode(), je.detail());
        }
        LOG.error("request_id={} judge={} judge failed unexpectedly", requestId, named.name(), err);
        return new ApiException(500, "Judge '" + named.name() + "' failed (request id " + requestId + ")");
    }

    /** True the first time a failure is seen (bounded: after many distinct ones every one is new again). */
    private boolean firstTimeOf(String failure) {
        if (loggedFailures.size() > 1000) {
            loggedFailures.clear();
        }
        return loggedFailures.add(failure);
    }

    static ApiException serverFault(Throwable e, String requestId) {
        if (e instanceof ApiException a) {
            return a;
        }
        LOG.error("request_id={} internal error", requestId, e);
        return new ApiException(500, "Internal server error (request id " + requestId + ")");
    }

    static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static JsonNode conversationBody(EvalRequest req, JudgeRegistry.Named named, Judged j) {
        Verdict v = j.verdict();
        ObjectNode body = Json.object();
        if (req.endpoint() == Endpoint.BINARY) {
            Boolean passed = v.passed() != null ? v.passed() : v.score() != null ? v.score() >= 0.5 : null;
            if (passed == null) {
                body.putNull("passed");
            } else {
                body.put("passed", passed);
            }
            body.put("explanation", v.explanation());
            return body;
        }
        Double score = req.criterion().isPassFail() ? passFailScore(v) : gradedScore(v);
        if (score == null) {
            body.putNull("score");
        } else {
            body.put("score", score);
        }
        body.put("explanation", v.explanation());
        if (req.explanationCleaning() != null) {
            body.put("cleaned_explanation", v.cleanedExplanation().orElseGet(() -> EndUserExplanation.of(v)));
        }
        body.putArray("sources");
        ObjectNode meta = body.putObject("metadata");
        v.metadata().forEach((k, val) -> meta.set(k, Json.tree(val)));
        meta.put("judge", named.name());
        meta.put("cache_hit", j.cacheHit());
        return body;
    }

    /** Pass/fail criteria score 1.0, 0.0 or null; a judge that graded instead is rounded at 0.5. */
    private static Double passFailScore(Verdict v) {
        if (v.passed() != null) {
            return v.passed() ? 1.0 : 0.0;
        }
        return v.score() == null ? null : v.score() >= 0.5 ? 1.0 : 0.0;
    }

    private static Double gradedScore(Verdict v) {
        return v.wireScore();
    }

    private CompletableFuture<Outcome> trace(EvalRequest req, JudgeRegistry.Named named, String requestId) {
        Map<String, CompletableFuture<Judged>> futures = new LinkedHashMap<>();
        req.trace().agentInstanceById().forEach((id, instance) -> {
            if (!instance.hasLlmInteraction()) {
                return;
            }
            AgentInstance stripped = TraceDedup.strip(instance);
            JudgeRequest jr = JudgeRequest.builder().criterion(req.criterion()).agentInstance(stripped).modelCore(req.modelCore())
                    .deadline(Instant.now().plus(timeout)).build();
            ObjectNode keyParts = Json.object();
            keyParts.put("criterion", req.criterion().text());
            keyParts.set("agent_instance", Json.tree(stripped));
            futures.put(id, judge(named, jr, keyParts, requestId));
        });
        return CompletableFuture.allOf(futures.values().toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            Map<String, Map<String, AgentInstanceResult>> byName = new LinkedHashMap<>();
            boolean anyHit = false;
            for (Map.Entry<String, AgentInstance> e : req.trace().agentInstanceById().entrySet()) {
                CompletableFuture<Judged> f = futures.get(e.getKey());
                AgentInstanceResult r = null;
                if (f != null) {
                    Judged j = f.join();
                    anyHit |= j.cacheHit();
                    Double score = req.criterion().isPassFail() ? passFailScore(j.verdict()) : gradedScore(j.verdict());
                    r = new AgentInstanceResult(score, j.verdict().explanation());
                }
                byName.computeIfAbsent(e.getValue().name(), n -> new LinkedHashMap<>()).put(e.getKey(), r);
            }
            Map<String, AgentTraceResult> results = new LinkedHashMap<>();
            byName.forEach((name, map) -> {
                SummaryStatistics stats = null;
                if (req.criterion().isReward()) {
                    List<Double> scores = new ArrayList<>();
                    map.values().forEach(r -> {
                        if (r != null) {
                            scores.add(r.score());
                        }
                    });
                    stats = SummaryStatistics.of(scores);
                }
                results.put(name, new AgentTraceResult(name, map, stats));
            });
            JsonNode body = Json.tree(new MultiAgentTraceResponse(requestId, results));
            return new Outcome(body, named.name(), anyHit);
        });
    }

    /** A rough token count (characters / 4) of what a judge reads, for {@code /api/v1/usage}. */
    public static long estimateTokens(String requestJson) {
        return requestJson == null ? 0 : (requestJson.length() + 3) / 4;
    }

    static ArrayNode emptyArray() {
        return JsonNodeFactory.instance.arrayNode();
    }
}

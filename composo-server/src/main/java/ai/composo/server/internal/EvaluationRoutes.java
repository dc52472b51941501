package ai.composo.server.internal;

import static ai.composo.server.internal.Exchange.error;
import static ai.composo.server.internal.Exchange.json;
import static ai.composo.server.internal.Exchange.keyId;
import static ai.composo.server.internal.Exchange.readBody;
import static ai.composo.server.internal.Exchange.requestId;
import static ai.composo.server.internal.Exchange.serverFault;

import ai.composo.internal.json.Json;
import ai.composo.server.internal.EvalRequest.Endpoint;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The evaluation routes: blocking evaluations (validated, then held to the in-flight and per-key limits, then judged
 * and logged), background submissions and task reads. Only an accepted evaluation spends the key's hourly budget.
 */
public final class EvaluationRoutes {
    private static final Logger ACCESS = LoggerFactory.getLogger("ai.composo.server.access");

    private final RequestValidator validator;
    private final RateLimiter limiter;
    private final EvaluationService evaluations;
    private final EvaluationLog log;
    private final TaskService tasks;
    private final Semaphore inFlight;
    private final int maxInFlight;
    private final long maxBodyBytes;

    public EvaluationRoutes(RequestValidator validator, RateLimiter limiter, EvaluationService evaluations, EvaluationLog log,
            TaskService tasks, Semaphore inFlight, int maxInFlight, long maxBodyBytes) {
        this.validator = validator;
        this.limiter = limiter;
        this.evaluations = evaluations;
        this.log = log;
        this.tasks = tasks;
        this.inFlight = inFlight;
        this.maxInFlight = maxInFlight;
        this.maxBodyBytes = maxBodyBytes;
    }

    public void evaluate(Context ctx, Endpoint endpoint) {
        String keyId = keyId(ctx);
        String rid = requestId(ctx);
        JsonNode body = readBody(ctx, maxBodyBytes);
        EvalRequest req = validator.validate(endpoint, body);
        if (!inFlight.tryAcquire()) {
            throw ApiException.retryLater(503, "The server is at capacity (" + maxInFlight + " evaluations in flight); retry later", 1);
        }
        RateLimiter.Permit permit;
        try {
            permit = limiter.acquire(keyId);
        } catch (RuntimeException e) {
            inFlight.release();
            throw e;
        }
        try {
            limiter.consumeRequest(keyId); // only an accepted evaluation spends the hourly budget
        } catch (RuntimeException e) {
            permit.release();
            inFlight.release();
            throw e;
        }
        long start = System.nanoTime();
        CompletableFuture<Void> done = evaluations.evaluate(req, rid).handle((outcome, err) -> {
            permit.release();
            inFlight.release();
            long latency = (System.nanoTime() - start) / 1_000_000;
            int status;
            String response;
            if (err == null) {
                status = 200;
                response = Json.write(outcome.body());
                ctx.status(200).contentType(Exchange.JSON).result(response);
            } else {
                Throwable cause = EvaluationService.unwrap(err);
                ApiException a = cause instanceof ApiException api ? api : serverFault(ctx, cause);
                status = a.status();
                response = a.body();
                error(ctx, a);
            }
            ACCESS.info("request_id={} evaluation endpoint={} model_core={} judge={} cache_hit={} status={} latency_ms={}", rid,
                    endpoint.wire(), req.modelCore(), outcome == null ? "-" : outcome.judge(), outcome != null && outcome.cacheHit(),
                    status, latency);
            log.record(EvaluationLog.Entry.of(rid, null, keyId, endpoint.wire(), req, body.toString(), outcome, status, latency, response));
            return null;
        });
        ctx.future(() -> done);
    }

    public void background(Context ctx, Endpoint endpoint) {
        JsonNode body = readBody(ctx, maxBodyBytes);
        validator.validate(endpoint, body);
        limiter.consumeRequest(keyId(ctx));
        String id = tasks.submit(keyId(ctx), endpoint, body);
        ObjectNode out = Json.object();
        out.put("task_id", id);
        out.put("status", "pending");
        json(ctx, 202, out);
    }

    public void task(Context ctx) {
        Optional<ObjectNode> t = tasks.get(ctx.pathParam("task_id"), keyId(ctx));
        if (t.isEmpty()) {
            throw new ApiException(404, "Task not found");
        }
        json(ctx, 200, t.get());
    }
}

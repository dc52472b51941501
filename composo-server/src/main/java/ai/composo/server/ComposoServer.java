package ai.composo.server;

import ai.composo.internal.json.Json;
import ai.composo.judge.Judge;
import ai.composo.server.internal.Access;
import ai.composo.server.internal.ApiException;
import ai.composo.server.internal.ApiKeys;
import ai.composo.server.internal.BodyParser;
import ai.composo.server.internal.Database;
import ai.composo.server.internal.EvalRequest;
import ai.composo.server.internal.EvalRequest.Endpoint;
import ai.composo.server.internal.EvaluationLog;
import ai.composo.server.internal.EvaluationService;
import ai.composo.server.internal.JsonErrorHandler;
import ai.composo.server.internal.JudgeRegistry;
import ai.composo.server.internal.Metrics;
import ai.composo.server.internal.PlatformData;
import ai.composo.server.internal.PlatformStore;
import ai.composo.server.internal.RateLimiter;
import ai.composo.server.internal.RequestValidator;
import ai.composo.server.internal.ResultCache;
import ai.composo.server.internal.TaskService;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The self-hosted evaluation server: the Composo REST API (wire-spec §2-§7, §15) on Javalin, with pluggable
 * judges, API keys, per-key rate limits, background tasks and an evaluation log in SQLite or PostgreSQL.
 *
 * <pre>{@code
 * try (ComposoServer server = ComposoServer.start(ServerConfig.builder().port(0).devMode(true).build())) {
 *     String url = server.baseUrl();                 // http://127.0.0.1:<port>
 *     String key = server.devApiKey().orElseThrow();
 * }
 * }</pre>
 */
public final class ComposoServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ComposoServer.class);
    private static final Logger ACCESS = LoggerFactory.getLogger("ai.composo.server.access");
    private static final String JSON = "application/json";
    private static final String REQUEST_ID = "composo.request-id";
    private static final String KEY_ID = "composo.key-id";
    private static final String ACTIVE = "composo.active";

    private final ServerConfig config;
    private final Database db;
    private final ApiKeys keys;
    private final JudgeRegistry judges;
    private final RequestValidator validator;
    private final Metrics metrics;
    private final RateLimiter limiter;
    private final EvaluationService evaluations;
    private final EvaluationLog log;
    private final PlatformData data;
    private final TaskService tasks;
    private final Semaphore inFlight;
    private final String devKey;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final java.util.concurrent.atomic.AtomicInteger activeRequests = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean accepting = true;
    private Javalin app;

    private ComposoServer(ServerConfig config) {
        this.config = config;
        Database database = null;
        JudgeRegistry registry = null;
        try {
            database = new Database(config);
            registry = new JudgeRegistry(config.judges(), config.defaultJudge().orElse(null));
        } catch (RuntimeException e) {
            if (database != null) {
                database.close();
            }
            throw e;
        }
        this.db = database;
        this.judges = registry;
        this.keys = new ApiKeys(db);
        for (int i = 0; i < config.apiKeys().size(); i++) {
            keys.addMemoryKey("config-" + (i + 1), config.apiKeys().get(i));
        }
        if (config.devMode()) {
            devKey = ApiKeys.generateKey(ApiKeys.newId());
            keys.addMemoryKey("dev", devKey);
        } else {
            devKey = null;
        }
        this.validator = new RequestValidator(judges.acceptedCores());
        this.metrics = new Metrics();
        this.limiter = new RateLimiter(config.requestsPerHour(), config.concurrentRequests(), db.isSqlite() ? null : db.dataSource());
        this.evaluations = new EvaluationService(judges, new ResultCache(config.cacheEnabled(), config.cacheMaxEntries()),
                config.judgeTimeout(), metrics);
        this.log = new EvaluationLog(db);
        this.data = new PlatformData(new PlatformStore(db));
        this.tasks = new TaskService(db, new TaskService.Runner() {
            @Override
            public EvalRequest validate(Endpoint endpoint, JsonNode body) {
                return validator.validate(endpoint, body);
            }

            @Override
            public CompletableFuture<EvaluationService.Outcome> evaluate(EvalRequest request, String requestId) {
                return evaluations.evaluate(request, requestId);
            }
        }, config.workers(), config.queueCapacity(), config.taskRetention(), config.judgeTimeout());
        this.inFlight = new Semaphore(config.maxInFlight());
        metrics.gauge("composo_inflight_evaluations", "blocking evaluations in flight", () -> config.maxInFlight() - inFlight.availablePermits());
        metrics.gauge("composo_task_queue_depth", "background tasks waiting", tasks::queued);
        metrics.gauge("composo_tasks_running", "background tasks running on this node", tasks::running);
    }

    /** Starts a server; throws {@link IllegalArgumentException} or {@link IllegalStateException} saying what is wrong. */
    public static ComposoServer start(ServerConfig config) {
        ComposoServer s = new ComposoServer(config);
        try {
            s.startHttp();
            s.tasks.start();
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
        if (!config.devMode() && !s.keys.hasActiveKeys()) {
            LOG.warn("No API key is configured: every request will be refused. Create one with 'keys create' or start with --dev");
        }
        LOG.info("Composo server listening on {} (database {}, default judge '{}', judges {}, cache {})", s.baseUrl(),
                config.isPostgres() ? "PostgreSQL" : "SQLite", s.judges.defaultJudge().name(),
                s.judges.all().stream().map(JudgeRegistry.Named::name).toList(), config.cacheEnabled() ? "on" : "off");
        return s;
    }

    private void startHttp() {
        app = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.startup.showOldJavalinVersionWarning = false;
            c.http.maxRequestSize = config.maxBodyBytes();
            c.http.prefer405over404 = true;
            c.jetty.host = config.host();
            c.jetty.port = config.port();
            // bursts of new connections (thousands of clients at once) must not overflow the default backlog of 50
            JsonErrorHandler refusals = new JsonErrorHandler(this::logRefused);
            c.jetty.modifyServer(server -> server.setErrorHandler(refusals));
            c.jetty.modifyServletContextHandler(context -> context.setErrorHandler(refusals));
            c.jetty.modifyServer(server -> server.addEventListener(new org.eclipse.jetty.util.component.LifeCycle.Listener() {
                @Override
                public void lifeCycleStarting(org.eclipse.jetty.util.component.LifeCycle event) {
                    for (org.eclipse.jetty.server.Connector con : server.getConnectors()) {
                        if (con instanceof org.eclipse.jetty.server.ServerConnector sc) {
                            sc.setAcceptQueueSize(4096);
                        }
                    }
                }
            }));
            c.staticFiles.add(files -> {
                files.hostedPath = "/ui";
                files.directory = "/composo-ui";
                files.location = io.javalin.http.staticfiles.Location.CLASSPATH;
                files.roles = java.util.Set.of(Access.PUBLIC); // the pages hold no data; their API calls carry the key
                files.headers = java.util.Map.of("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'",
                        "X-Content-Type-Options", "nosniff", "Cache-Control", "no-cache");
            });
            c.requestLogger.http(this::logRequest);
            c.routes.before(this::begin);
            c.routes.beforeMatched(this::authorize);
            c.routes.get("/api/healthcheck", this::health, Access.PUBLIC);
            c.routes.post("/api/v1/evals/reward", ctx -> evaluate(ctx, Endpoint.REWARD), Access.API_KEY);
            c.routes.post("/api/v1/evals/binary", ctx -> evaluate(ctx, Endpoint.BINARY), Access.API_KEY);
            c.routes.post("/api/v1/evals/trace", ctx -> evaluate(ctx, Endpoint.TRACE), Access.API_KEY);
            c.routes.post("/api/v1/evals/reward/background", ctx -> background(ctx, Endpoint.REWARD), Access.API_KEY);
            c.routes.post("/api/v1/evals/trace/background", ctx -> background(ctx, Endpoint.TRACE), Access.API_KEY);
            c.routes.get("/api/v1/tasks/{task_id}", this::task, Access.API_KEY);
            c.routes.get("/api/v1/usage", ctx -> json(ctx, 200, data.usage(keyId(ctx), config.monthlyTokenQuota())), Access.API_KEY);
            c.routes.get("/api/v1/traces", ctx -> json(ctx, 200, data.listTraces(keyId(ctx), ctx.queryParamMap())), Access.API_KEY);
            c.routes.get("/api/v1/traces/{trace_id}", ctx -> json(ctx, 200, data.trace(keyId(ctx), ctx.pathParam("trace_id"))), Access.API_KEY);
            c.routes.post("/api/v1/annotations/comment", ctx -> json(ctx, 200, data.comment(keyId(ctx), readBody(ctx))), Access.API_KEY);
            c.routes.post("/api/v1/annotations/rating", ctx -> json(ctx, 200, data.rating(keyId(ctx), readBody(ctx))), Access.API_KEY);
            c.routes.post("/api/v1/evaluations/filter", ctx -> json(ctx, 200, data.filter(keyId(ctx), readBody(ctx))), Access.API_KEY);
            c.routes.get("/api/v1/rate-limits/me", ctx -> json(ctx, 200, limiter.describe(ctx.attribute(KEY_ID))), Access.API_KEY);
            c.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()),
                    config.metricsRequireKey() ? Access.API_KEY : Access.PUBLIC);
            c.routes.exception(ApiException.class, (e, ctx) -> error(ctx, e));
            c.routes.exception(HttpResponseException.class, (e, ctx) -> error(ctx, fromJavalin(e)));
            c.routes.exception(Exception.class, (e, ctx) -> error(ctx, serverFault(ctx, e)));
        });
        app.start();
        LOG.debug("accept queue sizes: {}", java.util.Arrays.stream(app.jettyServer().server().getConnectors())
                .filter(org.eclipse.jetty.server.ServerConnector.class::isInstance)
                .map(con -> ((org.eclipse.jetty.server.ServerConnector) con).getAcceptQueueSize()).toList());
    }

    private ApiException fromJavalin(HttpResponseException e) {
        return switch (e.getStatus()) {
            case 404 -> new ApiException(404, "Not Found");
            case 405 -> new ApiException(405, "Method Not Allowed");
            case 413 -> tooLarge();
            default -> new ApiException(e.getStatus(), e.getMessage() == null ? "Error" : e.getMessage());
        };
    }

    private ApiException tooLarge() {
        return new ApiException(413, "Request body too large: the limit is " + config.maxBodyBytes() + " bytes");
    }

    private ApiException serverFault(Context ctx, Exception e) {
        String rid = requestId(ctx);
        LOG.error("request_id={} unexpected error on {} {}", rid, ctx.method(), ctx.path(), e);
        return new ApiException(500, "Internal server error (request id " + rid + ")");
    }

    private static String keyId(Context ctx) {
        return ctx.attribute(KEY_ID);
    }

    private static String requestId(Context ctx) {
        String rid = ctx.attribute(REQUEST_ID);
        return rid == null ? "-" : rid;
    }

    private void begin(Context ctx) {
        activeRequests.incrementAndGet();
        ctx.attribute(ACTIVE, Boolean.TRUE);
        String rid = UUID.randomUUID().toString();
        ctx.attribute(REQUEST_ID, rid);
        ctx.header("X-Request-Id", rid);
    }

    /** Runs once the router has matched a route: anything not marked {@link Access#PUBLIC} needs a valid key. */
    private void authorize(Context ctx) {
        if (ctx.routeRoles().contains(Access.PUBLIC)) {
            return;
        }
        if (!accepting) {
            throw ApiException.retryLater(503, "The server is shutting down; retry later", 5);
        }
        String key = ctx.header("API-Key");
        if (key == null || key.isBlank()) {
            throw new ApiException(401, "Missing API key: send it in the API-Key header");
        }
        Optional<String> keyId = keys.authenticate(key.strip());
        if (keyId.isEmpty()) {
            throw new ApiException(401, "Invalid API key");
        }
        ctx.attribute(KEY_ID, keyId.get());
        long length = ctx.req().getContentLengthLong();
        if (length > config.maxBodyBytes()) {
            drainBody(ctx, length);
            throw tooLarge();
        }
    }

    /** Bodies up to this size are read and dropped before a 413, so that the client can read the answer. */
    private static final long MAX_DRAINED_BYTES = 16L << 20;

    /**
     * Reads and discards a refused body. Answering while the client is still sending and then closing the socket with
     * unread data makes the kernel reset the connection, and the client sees no response at all instead of the 413.
     */
    private static void drainBody(Context ctx, long length) {
        ctx.header("Connection", "close");
        if (length > MAX_DRAINED_BYTES) {
            return; // too much to read for nothing: the client may see a reset instead of the 413
        }
        try {
            java.io.InputStream in = ctx.req().getInputStream();
            byte[] buf = new byte[64 * 1024];
            long read = 0;
            int n;
            while (read < length && (n = in.read(buf)) > 0) {
                read += n;
            }
        } catch (java.io.IOException e) {
            // the client went away: nothing to answer
        }
    }

    private JsonNode readBody(Context ctx) {
        byte[] bytes;
        try {
            bytes = ctx.bodyAsBytes();
        } catch (Exception e) { // the HTTP layer's I/O errors arrive unchecked, whatever their declared type
            LOG.debug("request_id={} unreadable body: {}", requestId(ctx), e.toString());
            throw new ApiException(400, "The request body could not be read: its chunked encoding is broken or it ended early");
        }
        if (bytes.length > config.maxBodyBytes()) {
            throw tooLarge();
        }
        return BodyParser.parse(bytes);
    }

    private void evaluate(Context ctx, Endpoint endpoint) {
        String keyId = ctx.attribute(KEY_ID);
        String rid = requestId(ctx);
        JsonNode body = readBody(ctx);
        EvalRequest req = validator.validate(endpoint, body);
        if (!inFlight.tryAcquire()) {
            throw ApiException.retryLater(503, "The server is at capacity (" + config.maxInFlight() + " evaluations in flight); retry later", 1);
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
                ctx.status(200).contentType(JSON).result(response);
            } else {
                ApiException a = ai.composo.server.internal.ApiException.class.isInstance(unwrap(err))
                        ? (ApiException) unwrap(err) : serverFault(ctx, new RuntimeException(unwrap(err)));
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

    private static Throwable unwrap(Throwable t) {
        while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private void background(Context ctx, Endpoint endpoint) {
        JsonNode body = readBody(ctx);
        validator.validate(endpoint, body);
        limiter.consumeRequest(ctx.attribute(KEY_ID));
        String id = tasks.submit(ctx.attribute(KEY_ID), endpoint, body);
        ObjectNode out = Json.object();
        out.put("task_id", id);
        out.put("status", "pending");
        json(ctx, 202, out);
    }

    private void task(Context ctx) {
        Optional<ObjectNode> t = tasks.get(ctx.pathParam("task_id"), ctx.attribute(KEY_ID));
        if (t.isEmpty()) {
            throw new ApiException(404, "Task not found");
        }
        json(ctx, 200, t.get());
    }

    private void health(Context ctx) {
        boolean dbOk = db.ping();
        JudgeRegistry.Named def = judges.defaultJudge();
        Judge.Health h;
        try {
            h = def.judge().health();
        } catch (RuntimeException e) {
            h = Judge.Health.notReady("health check failed: " + e.getMessage());
        }
        boolean ok = dbOk && h.ready() && accepting;
        ObjectNode out = Json.object();
        out.put("status", ok ? "ok" : "unavailable");
        out.put("database", dbOk ? "ok" : "unreachable");
        ObjectNode j = out.putObject("default_judge");
        j.put("name", def.name());
        j.put("ready", h.ready());
        j.put("detail", h.detail());
        if (!accepting) {
            out.put("detail", "shutting down");
        }
        json(ctx, ok ? 200 : 503, out);
    }

    private static void json(Context ctx, int status, JsonNode body) {
        ctx.status(status).contentType(JSON).result(Json.write(body));
    }

    private static void error(Context ctx, ApiException e) {
        if (e.retryAfterSeconds() != null) {
            ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
        }
        ctx.status(e.status()).contentType(JSON).result(e.body());
    }

    private void logRequest(Context ctx, Float ms) {
        if (ctx.attribute(ACTIVE) != null) {
            activeRequests.decrementAndGet();
        }
        int status = ctx.statusCode();
        String route = ctx.endpoint() == null ? "unmatched" : ctx.endpoint().path;
        metrics.request(route, status, (long) (ms * 1_000_000));
        if (ACCESS.isInfoEnabled()) {
            String keyId = ctx.attribute(KEY_ID);
            ACCESS.info("request_id={} method={} path={} status={} latency_ms={} key_id={}", requestId(ctx), ctx.method(), ctx.path(),
                    status, String.format(java.util.Locale.ROOT, "%.1f", ms), keyId == null ? "-" : keyId);
        }
    }

    /** A request refused by HTTP parsing, before routing: it has no request id, route or key. */
    private void logRefused(String method, String path, int status) {
        metrics.request("unparsed", status, 0);
        ACCESS.info("request_id=- method={} path={} status={} latency_ms=0.0 key_id=- refused_by=http_parser",
                method == null ? "-" : method, path == null ? "-" : truncate(path, 200), status);
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...(" + s.length() + " chars)";
    }

    public int port() {
        return app.port();
    }

    /** {@code http://127.0.0.1:<port>} (or the configured host). */
    public String baseUrl() {
        String host = config.host().equals("0.0.0.0") || config.host().equals("::") ? "127.0.0.1" : config.host();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
    }

    /** The key generated in dev mode; shown once by the serve command, never logged. */
    public Optional<String> devApiKey() {
        return Optional.ofNullable(devKey);
    }

    /** The Prometheus text of {@code /metrics} (for tests and embedding). */
    String metricsText() {
        return metrics.scrape();
    }

    public ServerConfig config() {
        return config;
    }

    /** Key administration on this server's database (as {@code keys create|list|revoke} does). */
    List<ApiKeys.KeyInfo> listKeys() {
        return keys.list();
    }

    /**
     * Graceful shutdown: refuses new API requests (503), waits up to {@code shutdown.timeout} for
     * in-flight evaluations and running tasks (queued tasks stay pending in the database and run after the
     * next start), then stops HTTP, the judges and the database pool.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        accepting = false;
        long deadline = System.nanoTime() + config.shutdownTimeout().toNanos();
        while ((inFlight.availablePermits() < config.maxInFlight() || activeRequests.get() > 0) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        tasks.close(java.time.Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        if (app != null) {
            app.stop();
        }
        log.close();
        judges.close();
        metrics.close();
        db.close();
        LOG.info("Composo server stopped");
    }
}

package ai.composo.server;

import static ai.composo.server.internal.Exchange.error;
import static ai.composo.server.internal.Exchange.json;
import static ai.composo.server.internal.Exchange.keyId;
import static ai.composo.server.internal.Exchange.readBody;
import static ai.composo.server.internal.Exchange.requestId;
import static ai.composo.server.internal.Exchange.serverFault;

import ai.composo.server.internal.Access;
import ai.composo.server.internal.ApiException;
import ai.composo.server.internal.ApiKeyGuard;
import ai.composo.server.internal.ApiKeys;
import ai.composo.server.internal.Database;
import ai.composo.server.internal.EvalRequest;
import ai.composo.server.internal.EvalRequest.Endpoint;
import ai.composo.server.internal.EvaluationLog;
import ai.composo.server.internal.EvaluationRoutes;
import ai.composo.server.internal.Exchange;
import ai.composo.server.internal.HealthCheck;
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
    private final EvaluationRoutes evaluation;
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
        }, config.workers(), config.queueCapacity(), config.taskRetention(), config.taskLease());
        this.inFlight = new Semaphore(config.maxInFlight());
        this.evaluation = new EvaluationRoutes(validator, limiter, evaluations, log, tasks, inFlight, config.maxInFlight(),
                config.maxBodyBytes());
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
            JsonErrorHandler refusals = new JsonErrorHandler(this::logRefused);
            c.jetty.modifyServer(server -> server.setErrorHandler(refusals));
            c.jetty.modifyServletContextHandler(context -> context.setErrorHandler(refusals));
            // bursts of new connections (thousands of clients at once) must not overflow the default backlog of 50
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
            c.routes.beforeMatched(new ApiKeyGuard(keys, config.maxBodyBytes(), () -> accepting)::authorize);
            c.routes.get("/api/healthcheck", new HealthCheck(db, judges, () -> accepting)::handle, Access.PUBLIC);
            c.routes.post("/api/v1/evals/reward", ctx -> evaluation.evaluate(ctx, Endpoint.REWARD), Access.API_KEY);
            c.routes.post("/api/v1/evals/binary", ctx -> evaluation.evaluate(ctx, Endpoint.BINARY), Access.API_KEY);
            c.routes.post("/api/v1/evals/trace", ctx -> evaluation.evaluate(ctx, Endpoint.TRACE), Access.API_KEY);
            c.routes.post("/api/v1/evals/reward/background", ctx -> evaluation.background(ctx, Endpoint.REWARD), Access.API_KEY);
            c.routes.post("/api/v1/evals/trace/background", ctx -> evaluation.background(ctx, Endpoint.TRACE), Access.API_KEY);
            c.routes.get("/api/v1/tasks/{task_id}", evaluation::task, Access.API_KEY);
            c.routes.get("/api/v1/usage", ctx -> json(ctx, 200, data.usage(keyId(ctx), config.monthlyTokenQuota())), Access.API_KEY);
            c.routes.get("/api/v1/traces", ctx -> json(ctx, 200, data.listTraces(keyId(ctx), ctx.queryParamMap())), Access.API_KEY);
            c.routes.get("/api/v1/traces/{trace_id}", ctx -> json(ctx, 200, data.trace(keyId(ctx), ctx.pathParam("trace_id"))), Access.API_KEY);
            c.routes.post("/api/v1/annotations/comment", ctx -> json(ctx, 200, data.comment(keyId(ctx), readBody(ctx, config.maxBodyBytes()))), Access.API_KEY);
            c.routes.post("/api/v1/annotations/rating", ctx -> json(ctx, 200, data.rating(keyId(ctx), readBody(ctx, config.maxBodyBytes()))), Access.API_KEY);
            c.routes.post("/api/v1/evaluations/filter", ctx -> json(ctx, 200, data.filter(keyId(ctx), readBody(ctx, config.maxBodyBytes()))), Access.API_KEY);
            c.routes.get("/api/v1/rate-limits/me", ctx -> json(ctx, 200, limiter.describe(keyId(ctx))), Access.API_KEY);
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
            case 413 -> Exchange.tooLarge(config.maxBodyBytes());
            default -> new ApiException(e.getStatus(), e.getMessage() == null ? "Error" : e.getMessage());
        };
    }

    private void begin(Context ctx) {
        activeRequests.incrementAndGet();
        ctx.attribute(ACTIVE, Boolean.TRUE);
        String rid = UUID.randomUUID().toString();
        ctx.attribute(Exchange.REQUEST_ID, rid);
        ctx.header("X-Request-Id", rid);
    }

    private void logRequest(Context ctx, Float ms) {
        if (ctx.attribute(ACTIVE) != null) {
            activeRequests.decrementAndGet();
        }
        int status = ctx.statusCode();
        String route = ctx.endpoint() == null ? "unmatched" : ctx.endpoint().path;
        metrics.request(route, status, (long) (ms * 1_000_000));
        if (ACCESS.isInfoEnabled()) {
            String keyId = keyId(ctx);
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

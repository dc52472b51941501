package ai.composo.server.internal;

import ai.composo.internal.json.Json;
import ai.composo.server.internal.EvalRequest.Endpoint;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background evaluations. A task row is written ({@code pending}) before its id is returned; workers take
 * ids from a bounded queue and claim a task with a conditional UPDATE ({@code pending → running}, counting
 * the attempt), so only one worker on any node runs it; the result is stored only by the holder of the
 * latest claim, in the same transaction as its evaluation-log row, so a task completes exactly once.
 *
 * <p>A claim is a lease: the node renews {@code claimed_at} of its running tasks every third of the lease
 * (a heartbeat, independent of how long the judge takes). On PostgreSQL every node's sweeper, running at the
 * same cadence, puts claims whose heartbeat is older than the lease back to {@code pending} and queues pending
 * tasks that no live node has taken within a lease, so the tasks of a node that died (even by SIGKILL) are
 * finished by the others. On SQLite (one server per file) start-up resets every {@code running} task.
 */
public final class TaskService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("ai.composo.server.tasks");

    /** What runs a task's request: the same validation and evaluation as the blocking endpoints. */
    public interface Runner {
        EvalRequest validate(Endpoint endpoint, JsonNode body);

        java.util.concurrent.CompletableFuture<EvaluationService.Outcome> evaluate(EvalRequest request, String requestId);
    }

    private final Database db;
    private final Runner runner;
    private final BlockingQueue<String> queue;
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private final ExecutorService workers;
    private final ScheduledExecutorService sweeper;
    private final Duration retention;
    private final Duration lease;
    private final String nodeId = "node-" + UUID.randomUUID().toString().substring(0, 8);
    private final AtomicInteger running = new AtomicInteger();
    private final int workerCount;
    private volatile boolean stopping;

    public TaskService(Database db, Runner runner, int workers, int capacity, Duration retention, Duration lease) {
        this.db = db;
        this.runner = runner;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.workerCount = workers;
        this.workers = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "composo-task-worker");
            t.setDaemon(true);
            return t;
        });
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "composo-task-sweeper");
            t.setDaemon(true);
            return t;
        });
        this.retention = retention;
        this.lease = lease;
    }

    public void start() {
        int reset;
        if (db.isSqlite()) {
            // one server per SQLite file: whatever is 'running' was left by a process that died
            reset = db.update("UPDATE tasks SET status = 'pending', claimed_by = NULL WHERE status = 'running'", ps -> {});
        } else {
            reset = resetStaleClaims();
        }
        List<String> pending = pendingIds(0);
        LOG.info("background tasks: node {}, {} worker(s), lease {} ms", nodeId, workerCount, lease.toMillis());
        if (reset > 0 || !pending.isEmpty()) {
            LOG.info("recovered {} interrupted task(s); {} pending task(s) queued again", reset, pending.size());
        }
        for (int i = 0; i < workerCount; i++) {
            workers.submit(this::work);
        }
        Thread feeder = new Thread(() -> {
            for (String id : pending) {
                try {
                    if (stopping) {
                        return;
                    }
                    if (queued.add(id)) {
                        queue.put(id);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }, "composo-task-recovery");
        feeder.setDaemon(true);
        feeder.start();
        long beat = Math.max(100, lease.toMillis() / 3);
        sweeper.scheduleWithFixedDelay(this::sweep, beat, beat, TimeUnit.MILLISECONDS);
    }

    private int resetStaleClaims() {
        long cutoff = System.currentTimeMillis() - lease.toMillis();
        return db.update("UPDATE tasks SET status = 'pending', claimed_by = NULL WHERE status = 'running' AND claimed_at < ?",
                ps -> ps.setLong(1, cutoff));
    }

    private List<String> pendingIds(long olderThanMillis) {
        long cutoff = System.currentTimeMillis() - olderThanMillis;
        return db.query("SELECT id FROM tasks WHERE status = 'pending' AND created_at <= ? ORDER BY created_at, id",
                ps -> ps.setLong(1, cutoff), rs -> rs.getString(1));
    }

    private void sweep() {
        try {
            if (!db.isSqlite()) {
                long now = System.currentTimeMillis();
                db.update("UPDATE tasks SET claimed_at = ? WHERE status = 'running' AND claimed_by = ?", ps -> {
                    ps.setLong(1, now);
                    ps.setString(2, nodeId);
                });
                resetStaleClaims();
            }
            for (String id : pendingIds(lease.toMillis())) {
                if (queue.remainingCapacity() == 0) {
                    break;
                }
                if (queued.add(id) && !queue.offer(id)) {
                    queued.remove(id);
                }
            }
            long cutoff = System.currentTimeMillis() - retention.toMillis();
            db.update("DELETE FROM tasks WHERE finished_at IS NOT NULL AND finished_at < ?", ps -> ps.setLong(1, cutoff));
        } catch (RuntimeException e) {
            LOG.warn("task sweep failed: {}", e.getMessage());
        }
    }

    /** Persists a task and queues it; 503 with Retry-After when the queue is full. */
    public String submit(String keyId, Endpoint endpoint, JsonNode body) {
        if (stopping) {
            throw ApiException.retryLater(503, "The server is shutting down; retry against another node or later", 5);
        }
        if (queue.remainingCapacity() == 0) {
            throw ApiException.retryLater(503, "The background queue is full (" + (queue.size()) + " tasks waiting); retry later", 5);
        }
        String id = UUID.randomUUID().toString();
        db.update("INSERT INTO tasks (id, key_id, endpoint, request, status, attempts, created_at) VALUES (?, ?, ?, ?, 'pending', 0, ?)",
                ps -> {
                    ps.setString(1, id);
                    ps.setString(2, keyId);
                    ps.setString(3, endpoint.wire());
                    ps.setString(4, Json.write(body));
                    ps.setLong(5, System.currentTimeMillis());
                });
        queued.add(id);
        if (!queue.offer(id)) {
            queued.remove(id);
            db.update("DELETE FROM tasks WHERE id = ? AND status = 'pending'", ps -> ps.setString(1, id));
            throw ApiException.retryLater(503, "The background queue is full; retry later", 5);
        }
        return id;
    }

    public Optional<ObjectNode> get(String taskId, String keyId) {
        long cutoff = System.currentTimeMillis() - retention.toMillis();
        List<ObjectNode> rows = db.query("SELECT id, status, result, error, created_at, finished_at FROM tasks WHERE id = ? AND key_id = ?",
                ps -> {
                    ps.setString(1, taskId);
                    ps.setString(2, keyId);
                }, rs -> {
                    ObjectNode o = Json.object();
                    o.put("task_id", rs.getString(1));
                    o.put("status", rs.getString(2));
                    String result = rs.getString(3);
                    String error = rs.getString(4);
                    o.set("result", result == null ? null : Json.parse(result));
                    o.set("error", error == null ? null : Json.parse(error));
                    o.put("created_at", rfc3339(rs.getLong(5)));
                    long fin = rs.getLong(6);
                    boolean none = rs.wasNull();
                    if (none) {
                        o.putNull("finished_at");
                    } else {
                        o.put("finished_at", rfc3339(fin));
                        o.put("_finished_millis", fin);
                    }
                    if (o.get("result") == null) {
                        o.putNull("result");
                    }
                    if (o.get("error") == null) {
                        o.putNull("error");
                    }
                    return o;
                });
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode o = rows.get(0);
        JsonNode fin = o.remove("_finished_millis");
        if (fin != null && fin.asLong() < cutoff) {
            return Optional.empty();
        }
        return Optional.of(o);
    }

    /** RFC 3339 UTC to the second, as every timestamp of the API is written. */
    static String rfc3339(long millis) {
        return Instant.ofEpochMilli(millis).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private void work() {
        while (!stopping) {
            String id;
            try {
                id = queue.poll(250, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (id == null) {
                continue;
            }
            queued.remove(id);
            running.incrementAndGet();
            try {
                run(id);
            } catch (RuntimeException e) {
                LOG.error("task_id={} failed to run", id, e);
            } finally {
                running.decrementAndGet();
            }
        }
    }

    private record Claimed(String keyId, Endpoint endpoint, String request, int attempt) {}

    private void run(String id) {
        long now = System.currentTimeMillis();
        int n = db.update("UPDATE tasks SET status = 'running', claimed_by = ?, claimed_at = ?, attempts = attempts + 1 "
                + "WHERE id = ? AND status = 'pending'", ps -> {
                    ps.setString(1, nodeId);
                    ps.setLong(2, now);
                    ps.setString(3, id);
                });
        if (n != 1) {
            return; // another worker or node has it, or it is finished
        }
        List<Claimed> rows = db.query("SELECT key_id, endpoint, request, attempts FROM tasks WHERE id = ?", ps -> ps.setString(1, id),
                rs -> new Claimed(rs.getString(1), Endpoint.of(rs.getString(2)), rs.getString(3), rs.getInt(4)));
        if (rows.isEmpty()) {
            return;
        }
        Claimed c = rows.get(0);
        long start = System.nanoTime();
        String requestId = UUID.randomUUID().toString();
        EvalRequest req = null;
        int status;
        String result = null;
        String error;
        EvaluationService.Outcome outcome = null;
        try {
            req = runner.validate(c.endpoint(), Json.parse(c.request()));
            outcome = runner.evaluate(req, requestId).get();
            status = 200;
            result = Json.write(outcome.body());
            error = null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.info("task_id={} interrupted by shutdown; it will run again after restart", id);
            return;
        } catch (Exception e) {
            ApiException a = EvaluationService.serverFault(EvaluationService.unwrap(e), requestId);
            status = a.status();
            ObjectNode err = Json.object();
            err.put("status_code", a.status());
            err.set("detail", a.detail());
            error = Json.write(err);
        }
        long latency = (System.nanoTime() - start) / 1_000_000;
        EvaluationLog.Entry entry = EvaluationLog.Entry.of(requestId, id, c.keyId(), c.endpoint().wire(), req, c.request(), outcome,
                status, latency, result != null ? result : error);
        boolean stored = finish(id, c.attempt(), status == 200, result, error, entry);
        LOG.info("task_id={} request_id={} status={} latency_ms={} judge={} cache_hit={} stored={}", id, requestId, status, latency,
                entry.judge(), entry.cacheHit(), stored);
    }

    private boolean finish(String id, int attempt, boolean ok, String result, String error, EvaluationLog.Entry entry) {
        try {
            return db.inTransaction(c -> {
                int n;
                try (PreparedStatement ps = c.prepareStatement("UPDATE tasks SET status = ?, result = ?, error = ?, finished_at = ? "
                        + "WHERE id = ? AND status = 'running' AND attempts = ?")) {
                    ps.setString(1, ok ? "succeeded" : "failed");
                    ps.setString(2, result);
                    ps.setString(3, error);
                    ps.setLong(4, System.currentTimeMillis());
                    ps.setString(5, id);
                    ps.setInt(6, attempt);
                    n = ps.executeUpdate();
                }
                if (n == 1) {
                    EvaluationLog.insert(c, entry);
                }
                return n == 1;
            });
        } catch (SQLException e) {
            LOG.error("task_id={} could not store the result; it will run again", id, e);
            return false;
        }
    }

    public int queued() {
        return queue.size();
    }

    public int running() {
        return running.get();
    }

    /** Stops taking tasks; waits up to {@code timeout} for running ones. Queued tasks stay pending in the database. */
    public void close(Duration timeout) {
        stopping = true;
        sweeper.shutdownNow();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                workers.shutdownNow();
                workers.awaitTermination(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}

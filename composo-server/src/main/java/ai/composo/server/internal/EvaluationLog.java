package ai.composo.server.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The evaluation log (request, response, latency, tags, key id, model core): one row per evaluation.
 * Blocking requests hand rows to a writer thread that inserts them in batches; background tasks insert
 * their row in the transaction that finishes the task ({@link #insert(Connection, Entry)}).
 */
public final class EvaluationLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EvaluationLog.class);
    private static final Entry STOP = new Entry(null, null, null, null, null, null, 0, 0, false, 0, null, null, null);

    public record Entry(String requestId, String taskId, String keyId, String endpoint, String modelCore, String judge,
            int statusCode, long latencyMs, boolean cacheHit, long tokenCount, String tags, String request, String response) {}

    private final Database db;
    private final BlockingQueue<Entry> queue = new LinkedBlockingQueue<>(100_000);
    private final Thread writer;

    public EvaluationLog(Database db) {
        this.db = db;
        this.writer = new Thread(this::run, "composo-evaluation-log");
        writer.setDaemon(true);
        writer.start();
    }

    public void record(Entry e) {
        if (!queue.offer(e)) {
            // the writer is far behind: write on the caller's thread rather than drop the row
            try (Connection c = db.connection()) {
                insert(c, e);
            } catch (SQLException ex) {
                LOG.error("request_id={} could not write the evaluation log", e.requestId(), ex);
            }
        }
    }

    public static void insert(Connection c, Entry e) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SQL)) {
            bind(ps, e);
            ps.executeUpdate();
        }
    }

    private static final String SQL = "INSERT INTO evaluation_log (id, request_id, task_id, key_id, endpoint, model_core, judge, "
            + "status_code, latency_ms, cache_hit, token_count, tags, request, response, created_at) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private static void bind(PreparedStatement ps, Entry e) throws SQLException {
        ps.setString(1, UUID.randomUUID().toString());
        ps.setString(2, e.requestId());
        ps.setString(3, e.taskId());
        ps.setString(4, e.keyId());
        ps.setString(5, e.endpoint());
        ps.setString(6, e.modelCore());
        ps.setString(7, e.judge());
        ps.setInt(8, e.statusCode());
        ps.setLong(9, e.latencyMs());
        ps.setInt(10, e.cacheHit() ? 1 : 0);
        ps.setLong(11, e.tokenCount());
        ps.setString(12, e.tags());
        ps.setString(13, e.request());
        ps.setString(14, e.response());
        ps.setLong(15, System.currentTimeMillis());
    }

    private void run() {
        List<Entry> batch = new ArrayList<>();
        boolean stop = false;
        while (!stop) {
            try {
                Entry first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, 499);
                stop = batch.remove(STOP);
                if (!batch.isEmpty()) {
                    write(batch);
                }
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void write(List<Entry> batch) {
        try {
            db.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement(SQL)) {
                    for (Entry e : batch) {
                        bind(ps, e);
                        ps.addBatch();
                    }
                    return ps.executeBatch();
                }
            });
        } catch (SQLException e) {
            LOG.error("could not write {} evaluation log rows", batch.size(), e);
        }
    }

    /** Writes what is queued, then stops the writer. */
    @Override
    public void close() {
        try {
            queue.put(STOP);
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

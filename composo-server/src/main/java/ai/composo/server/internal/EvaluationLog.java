package ai.composo.server.internal;

import ai.composo.internal.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    private static final Entry STOP = new Entry(null, null, null, null, null, null, null, 0, 0, false, 0, Map.of(), null, null,
            null, null, null);

    /** One logged evaluation. {@code traceId} groups evaluations into a trace; an evaluation without one is a trace of its own. */
    public record Entry(String id, String requestId, String taskId, String keyId, String endpoint, String modelCore, String judge,
            int statusCode, long latencyMs, boolean cacheHit, long tokenCount, Map<String, String> tags, String request, String response,
            String traceId, String criteria, Double score) {

        /**
         * The entry of an evaluation of {@code requestJson}: {@code request} is its validated form (null when it failed
         * validation), {@code outcome} the judge's answer (null when it failed) and {@code response} the body answered.
         */
        public static Entry of(String requestId, String taskId, String keyId, String endpoint, EvalRequest request, String requestJson,
                EvaluationService.Outcome outcome, int status, long latencyMs, String response) {
            String id = UUID.randomUUID().toString();
            JsonNode body = parseQuietly(requestJson);
            JsonNode trace = body == null ? null : body.get("trace_id");
            JsonNode score = outcome == null ? null : outcome.body().get("score");
            return new Entry(id, requestId, taskId, keyId, endpoint, request == null ? null : request.modelCore(),
                    outcome == null ? null : outcome.judge(), status, latencyMs, outcome != null && outcome.cacheHit(),
                    EvaluationService.estimateTokens(requestJson), request == null ? Map.of() : request.tags(), requestJson, response,
                    trace != null && trace.isTextual() && !trace.asText().isBlank() ? trace.asText() : id,
                    request == null || request.criterion() == null ? null : request.criterion().text(),
                    score != null && score.isNumber() ? score.asDouble() : null);
        }

        private static JsonNode parseQuietly(String json) {
            try {
                return json == null ? null : Json.parse(json);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }

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
        write(c, List.of(e));
    }

    private static final String SQL = "INSERT INTO evaluation_log (id, request_id, task_id, key_id, endpoint, model_core, judge, "
            + "status_code, latency_ms, cache_hit, token_count, tags, request, response, created_at, trace_id, criteria, score) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String TAG_SQL = "INSERT INTO evaluation_tags (log_id, key_id, name, value) VALUES (?, ?, ?, ?)";

    private static void write(Connection c, List<Entry> entries) throws SQLException {
        long now = System.currentTimeMillis();
        try (PreparedStatement ps = c.prepareStatement(SQL); PreparedStatement tags = c.prepareStatement(TAG_SQL)) {
            for (Entry e : entries) {
                bind(ps, e, now);
                ps.addBatch();
                for (Map.Entry<String, String> t : e.tags().entrySet()) {
                    tags.setString(1, e.id());
                    tags.setString(2, e.keyId());
                    tags.setString(3, t.getKey());
                    tags.setString(4, t.getValue());
                    tags.addBatch();
                }
            }
            ps.executeBatch();
            tags.executeBatch();
        }
    }

    private static void bind(PreparedStatement ps, Entry e, long now) throws SQLException {
        ps.setString(1, e.id());
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
        ps.setString(12, Json.write(e.tags()));
        ps.setString(13, e.request());
        ps.setString(14, e.response());
        ps.setLong(15, now);
        ps.setString(16, e.traceId());
        ps.setString(17, e.criteria());
        if (e.score() == null) {
            ps.setNull(18, java.sql.Types.DOUBLE);
        } else {
            ps.setDouble(18, e.score());
        }
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
                write(c, batch);
                return null;
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

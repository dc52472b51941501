package ai.composo.server.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The SQL behind the platform's data endpoints: traces (evaluations grouped by trace id), their annotations, the
 * evaluations filter and usage. Every query is scoped to one API key: a key never sees another key's rows.
 */
public final class PlatformStore {
    private static final String ROW_COLUMNS = "id, trace_id, created_at, endpoint, model_core, status_code, latency_ms, token_count, "
            + "tags, request, response, criteria, score, cache_hit, task_id";

    private final Database db;

    public PlatformStore(Database db) {
        this.db = db;
    }

    /** One evaluation-log row. */
    public record Row(String id, String traceId, long createdAt, String endpoint, String modelCore, int statusCode, long latencyMs,
            long tokenCount, String tags, String request, String response, String criteria, Double score, boolean cached, String taskId) {}

    public record Annotation(String id, String traceId, String kind, String comment, Boolean rating, long createdAt) {}

    /** A trace's position in the newest-first listing. */
    public record TraceKey(String traceId, long createdAt) {}

    private static Row row(ResultSet rs) throws SQLException {
        double score = rs.getDouble(13);
        Double s = rs.wasNull() ? null : score;
        return new Row(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5), rs.getInt(6), rs.getLong(7),
                rs.getLong(8), rs.getString(9), rs.getString(10), rs.getString(11), rs.getString(12), s, rs.getInt(14) != 0,
                rs.getString(15));
    }

    /** Up to {@code limit} traces created in [from, to], newest first, strictly after {@code after} (null: from the start). */
    public List<TraceKey> traces(String keyId, long from, long to, TraceKey after, int limit) {
        long afterTime = after == null ? Long.MAX_VALUE : after.createdAt();
        String afterId = after == null ? "" : after.traceId();
        return db.query("SELECT trace_id, MIN(created_at) AS first_at FROM evaluation_log WHERE key_id = ? GROUP BY trace_id "
                + "HAVING MIN(created_at) >= ? AND MIN(created_at) <= ? AND (MIN(created_at) < ? OR (MIN(created_at) = ? AND trace_id < ?)) "
                + "ORDER BY first_at DESC, trace_id DESC LIMIT ?", ps -> {
                    ps.setString(1, keyId);
                    ps.setLong(2, from);
                    ps.setLong(3, to);
                    ps.setLong(4, afterTime);
                    ps.setLong(5, afterTime);
                    ps.setString(6, afterId);
                    ps.setInt(7, limit);
                }, rs -> new TraceKey(rs.getString(1), rs.getLong(2)));
    }

    /** The rows of these traces, oldest first, grouped by trace id. */
    public Map<String, List<Row>> rowsOf(String keyId, Collection<String> traceIds) {
        Map<String, List<Row>> out = new LinkedHashMap<>();
        if (traceIds.isEmpty()) {
            return out;
        }
        List<String> ids = List.copyOf(traceIds);
        db.query("SELECT " + ROW_COLUMNS + " FROM evaluation_log WHERE key_id = ? AND trace_id IN (" + placeholders(ids.size())
                + ") ORDER BY created_at, id", ps -> {
                    ps.setString(1, keyId);
                    for (int i = 0; i < ids.size(); i++) {
                        ps.setString(i + 2, ids.get(i));
                    }
                }, rs -> out.computeIfAbsent(rs.getString(2), k -> new ArrayList<>()).add(row(rs)));
        return out;
    }

    /** The annotations of these traces, oldest first, grouped by trace id. */
    public Map<String, List<Annotation>> annotationsOf(String keyId, Collection<String> traceIds) {
        Map<String, List<Annotation>> out = new LinkedHashMap<>();
        if (traceIds.isEmpty()) {
            return out;
        }
        List<String> ids = List.copyOf(traceIds);
        db.query("SELECT id, trace_id, kind, comment, rating, created_at FROM annotations WHERE key_id = ? AND trace_id IN ("
                + placeholders(ids.size()) + ") ORDER BY created_at, id", ps -> {
                    ps.setString(1, keyId);
                    for (int i = 0; i < ids.size(); i++) {
                        ps.setString(i + 2, ids.get(i));
                    }
                }, rs -> {
                    int rating = rs.getInt(5);
                    Boolean r = rs.wasNull() ? null : rating != 0;
                    return out.computeIfAbsent(rs.getString(2), k -> new ArrayList<>())
                            .add(new Annotation(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), r, rs.getLong(6)));
                });
        return out;
    }

    public boolean traceExists(String keyId, String traceId) {
        return !db.query("SELECT 1 FROM evaluation_log WHERE key_id = ? AND trace_id = ? LIMIT 1", ps -> {
            ps.setString(1, keyId);
            ps.setString(2, traceId);
        }, rs -> 1).isEmpty();
    }

    public Annotation annotate(String keyId, String traceId, String comment, Boolean rating) {
        Annotation a = new Annotation(UUID.randomUUID().toString(), traceId, comment != null ? "comment" : "rating", comment, rating,
                System.currentTimeMillis());
        db.update("INSERT INTO annotations (id, key_id, trace_id, kind, comment, rating, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)", ps -> {
            ps.setString(1, a.id());
            ps.setString(2, keyId);
            ps.setString(3, traceId);
            ps.setString(4, a.kind());
            ps.setString(5, comment);
            if (rating == null) {
                ps.setNull(6, java.sql.Types.INTEGER);
            } else {
                ps.setInt(6, rating ? 1 : 0);
            }
            ps.setLong(7, a.createdAt());
        });
        return a;
    }

    /** What {@code POST /api/v1/evaluations/filter} selects; null fields do not restrict. */
    public record Filter(Map<String, List<String>> tags, List<String> criteria, String endpoint, Double minScore, Double maxScore,
            Long from, Long to, String traceId) {}

    public record Page(List<Row> rows, long total) {}

    public Page filter(String keyId, Filter f, int page, int pageSize) {
        StringBuilder where = new StringBuilder(" FROM evaluation_log WHERE key_id = ?");
        List<Object> args = new ArrayList<>(List.of(keyId));
        f.tags().forEach((name, values) -> {
            where.append(" AND id IN (SELECT log_id FROM evaluation_tags WHERE key_id = ? AND name = ? AND value IN (")
                    .append(placeholders(values.size())).append("))");
            args.add(keyId);
            args.add(name);
            args.addAll(values);
        });
        if (!f.criteria().isEmpty()) {
            where.append(" AND (");
            for (int i = 0; i < f.criteria().size(); i++) {
                where.append(i == 0 ? "" : " OR ").append("LOWER(criteria) LIKE ? ESCAPE '\\'");
                args.add("%" + likeEscape(f.criteria().get(i).toLowerCase(Locale.ROOT)) + "%");
            }
            where.append(")");
        }
        condition(where, args, " AND endpoint = ?", f.endpoint());
        condition(where, args, " AND score >= ?", f.minScore());
        condition(where, args, " AND score <= ?", f.maxScore());
        condition(where, args, " AND created_at >= ?", f.from());
        condition(where, args, " AND created_at <= ?", f.to());
        condition(where, args, " AND trace_id = ?", f.traceId());
        Database.Binder bind = ps -> bindAll(ps, args);
        long total = db.query("SELECT COUNT(*)" + where, bind, rs -> rs.getLong(1)).get(0);
        List<Row> rows = db.query("SELECT " + ROW_COLUMNS + where + " ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?", ps -> {
            bindAll(ps, args);
            ps.setInt(args.size() + 1, pageSize);
            ps.setLong(args.size() + 2, (long) (page - 1) * pageSize);
        }, PlatformStore::row);
        return new Page(rows, total);
    }

    /** Per model core since {@code since}: request count and token count. */
    public record ModelUsage(String modelCore, long requests, long tokens) {}

    public List<ModelUsage> usage(String keyId, long since) {
        return db.query("SELECT COALESCE(model_core, ''), COUNT(*), COALESCE(SUM(token_count), 0) FROM evaluation_log "
                + "WHERE key_id = ? AND created_at >= ? GROUP BY COALESCE(model_core, '')", ps -> {
                    ps.setString(1, keyId);
                    ps.setLong(2, since);
                }, rs -> new ModelUsage(rs.getString(1), rs.getLong(2), rs.getLong(3)));
    }

    private static void condition(StringBuilder where, List<Object> args, String sql, Object value) {
        if (value != null) {
            where.append(sql);
            args.add(value);
        }
    }

    private static void bindAll(PreparedStatement ps, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            Object a = args.get(i);
            if (a instanceof Long l) {
                ps.setLong(i + 1, l);
            } else if (a instanceof Double d) {
                ps.setDouble(i + 1, d);
            } else {
                ps.setString(i + 1, (String) a);
            }
        }
    }

    private static String likeEscape(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static String placeholders(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }
}

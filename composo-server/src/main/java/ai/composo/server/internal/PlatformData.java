package ai.composo.server.internal;

import ai.composo.internal.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The platform's data endpoints (wire-spec §12) over the evaluation log: traces, annotations, the evaluations filter and
 * usage. Takes parsed requests, validates them (422 naming the field, in the FastAPI shape) and returns the response
 * bodies; the HTTP wiring is the server's.
 */
public final class PlatformData {
    public static final int MAX_TRACE_PAGE = 500;
    public static final int MAX_FILTER_PAGE = 1000;
    public static final int MAX_COMMENT = 10_000;
    public static final int MAX_ID = 64;

    private final PlatformStore store;

    public PlatformData(PlatformStore store) {
        this.store = store;
    }

    /** {@code GET /api/v1/traces?page_token&page_size&start_date&end_date}. */
    public ObjectNode listTraces(String keyId, Map<String, List<String>> query) {
        RequestValidator.Errors errors = new RequestValidator.Errors();
        int pageSize = intParam(query, "page_size", 50, 1, MAX_TRACE_PAGE, errors);
        Long from = dateParam(query, "start_date", false, errors);
        Long to = dateParam(query, "end_date", true, errors);
        PlatformStore.TraceKey after = pageToken(single(query, "page_token"), errors);
        checkRange(from, to, List.of("query", "end_date"), errors);
        if (!errors.isEmpty()) {
            throw errors.exception();
        }
        List<PlatformStore.TraceKey> keys = store.traces(keyId, from == null ? Long.MIN_VALUE : from, to == null ? Long.MAX_VALUE : to,
                after, pageSize + 1);
        boolean more = keys.size() > pageSize;
        List<PlatformStore.TraceKey> page = more ? keys.subList(0, pageSize) : keys;
        List<String> ids = page.stream().map(PlatformStore.TraceKey::traceId).toList();
        Map<String, List<PlatformStore.Row>> rows = store.rowsOf(keyId, ids);
        Map<String, List<PlatformStore.Annotation>> notes = store.annotationsOf(keyId, ids);
        ObjectNode out = Json.object();
        ArrayNode traces = out.putArray("traces");
        for (String id : ids) {
            traces.add(trace(id, rows.getOrDefault(id, List.of()), notes.getOrDefault(id, List.of())));
        }
        if (more) {
            out.put("next_page_token", token(page.get(page.size() - 1)));
        } else {
            out.putNull("next_page_token");
        }
        return out;
    }

    /** {@code GET /api/v1/traces/{trace_id}}: 404 for unknown or foreign ids. */
    public ObjectNode trace(String keyId, String traceId) {
        List<PlatformStore.Row> rows = traceId.length() > MAX_ID ? List.of() : store.rowsOf(keyId, List.of(traceId)).getOrDefault(traceId, List.of());
        if (rows.isEmpty()) {
            throw new ApiException(404, "Trace not found");
        }
        return trace(traceId, rows, store.annotationsOf(keyId, List.of(traceId)).getOrDefault(traceId, List.of()));
    }

    /** {@code POST /api/v1/annotations/comment} with {@code {trace_id, comment}}. */
    public ObjectNode comment(String keyId, JsonNode body) {
        RequestValidator.Errors errors = new RequestValidator.Errors();
        String traceId = traceIdField(body, errors);
        String comment = null;
        if (body != null && body.isObject()) {
            JsonNode c = body.get("comment");
            if (c == null || c.isNull()) {
                errors.add("missing", List.of("body", "comment"), "Field required", body);
            } else if (!c.isTextual()) {
                errors.add("string_type", List.of("body", "comment"), "Input should be a valid string", c);
            } else if (c.asText().isBlank() || c.asText().length() > MAX_COMMENT) {
                errors.add(c.asText().isBlank() ? "string_too_short" : "string_too_long", List.of("body", "comment"),
                        "String should have between 1 and " + MAX_COMMENT + " characters (not blank)", null);
            } else {
                comment = c.asText();
            }
        }
        requireTrace(keyId, traceId, errors);
        PlatformStore.Annotation a = store.annotate(keyId, traceId, comment, null);
        return comment(a);
    }

    /** {@code POST /api/v1/annotations/rating} with {@code {trace_id, rating: bool}}: the latest rating is the trace's. */
    public ObjectNode rating(String keyId, JsonNode body) {
        RequestValidator.Errors errors = new RequestValidator.Errors();
        String traceId = traceIdField(body, errors);
        Boolean rating = null;
        if (body != null && body.isObject()) {
            JsonNode r = body.get("rating");
            if (r == null || r.isNull()) {
                errors.add("missing", List.of("body", "rating"), "Field required", body);
            } else if (!r.isBoolean()) {
                errors.add("bool_type", List.of("body", "rating"), "Input should be a valid boolean (true: good, false: bad)", r);
            } else {
                rating = r.asBoolean();
            }
        }
        requireTrace(keyId, traceId, errors);
        PlatformStore.Annotation a = store.annotate(keyId, traceId, null, rating);
        ObjectNode out = Json.object();
        out.put("id", a.id());
        out.put("trace_id", a.traceId());
        out.put("rating", a.rating());
        out.put("created_at", TaskService.rfc3339(a.createdAt()));
        return out;
    }

    /**
     * {@code POST /api/v1/evaluations/filter}: tag filters (AND over keys, OR over a key's values), criteria (any of the
     * values, as case-insensitive substrings), endpoint type, and our extensions: score range, dates and trace id.
     */
    public ObjectNode filter(String keyId, JsonNode body) {
        RequestValidator.Errors errors = new RequestValidator.Errors();
        if (body == null || !body.isObject()) {
            errors.add("model_attributes_type", List.of("body"), "Input should be a valid dictionary or object to extract fields from", body);
            throw errors.exception();
        }
        Map<String, List<String>> tags = tagFilters(body.get("filters"), errors);
        List<String> criteria = new ArrayList<>();
        JsonNode cf = present(body, "criteria_filter");
        if (cf != null) {
            if (!cf.isObject()) {
                errors.add("dict_type", List.of("body", "criteria_filter"), "Input should be a valid dictionary ({\"values\": [...]})", cf);
            } else {
                criteria = strings(cf.get("values"), List.of("body", "criteria_filter", "values"), errors);
            }
        }
        String endpoint = null;
        JsonNode et = present(body, "endpoint_type");
        if (et != null) {
            if (!et.isTextual() || !List.of("reward", "trace", "binary").contains(et.asText())) {
                errors.add("literal_error", List.of("body", "endpoint_type"), "Input should be 'reward', 'trace' or 'binary'", et);
            } else {
                endpoint = et.asText();
            }
        }
        int page = intField(body, "page", 1, 1, Integer.MAX_VALUE, errors);
        int pageSize = intField(body, "page_size", 100, 1, MAX_FILTER_PAGE, errors);
        Double min = scoreField(body, "min_score", errors);
        Double max = scoreField(body, "max_score", errors);
        if (min != null && max != null && min > max) {
            errors.add("value_error", List.of("body", "max_score"), "Value error, max_score must not be below min_score", body.get("max_score"));
        }
        Long from = dateField(body, "start_date", false, errors);
        Long to = dateField(body, "end_date", true, errors);
        checkRange(from, to, List.of("body", "end_date"), errors);
        String traceId = null;
        JsonNode tid = present(body, "trace_id");
        if (tid != null && !tid.isTextual()) {
            errors.add("string_type", List.of("body", "trace_id"), "Input should be a valid string", tid);
        } else if (tid != null) {
            traceId = tid.asText();
        }
        if (!errors.isEmpty()) {
            throw errors.exception();
        }
        PlatformStore.Page result = store.filter(keyId, new PlatformStore.Filter(tags, criteria, endpoint, min, max, from, to, traceId),
                page, pageSize);
        ObjectNode out = Json.object();
        ArrayNode rows = out.putArray("evaluations");
        for (PlatformStore.Row r : result.rows()) {
            rows.add(filterRow(r));
        }
        out.put("total", result.total());
        out.put("page", page);
        out.put("page_size", pageSize);
        out.put("total_pages", (result.total() + pageSize - 1) / pageSize);
        return out;
    }

    /** {@code GET /api/v1/usage}: this month's requests and tokens, per model core and in total. */
    public ObjectNode usage(String keyId, long monthlyTokenQuota) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        long since = today.withDayOfMonth(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        ObjectNode usage = Json.object();
        usage.put("monthly_token_quota", monthlyTokenQuota);
        ObjectNode models = usage.putObject("models");
        long requests = 0;
        long tokens = 0;
        for (PlatformStore.ModelUsage m : store.usage(keyId, since)) {
            ObjectNode o = models.putObject(m.modelCore().isEmpty() ? "unknown" : m.modelCore());
            o.put("request_count", m.requests());
            o.put("token_count", m.tokens());
            requests += m.requests();
            tokens += m.tokens();
        }
        usage.put("total_current_request_count", requests);
        usage.put("total_current_token_count", tokens);
        ObjectNode out = Json.object();
        out.set("usage", usage);
        out.put("quota_reset_date", today.withDayOfMonth(1).plusMonths(1).toString());
        return out;
    }

    // ---- response shapes ------------------------------------------------------------------------------------

    private static ObjectNode trace(String id, List<PlatformStore.Row> rows, List<PlatformStore.Annotation> notes) {
        ObjectNode t = Json.object();
        t.put("id", id);
        t.put("created_at", TaskService.rfc3339(rows.isEmpty() ? 0 : rows.get(0).createdAt()));
        ObjectNode tags = t.putObject("tags");
        for (PlatformStore.Row r : rows) {
            JsonNode rt = parse(r.tags());
            if (rt != null && rt.isObject()) {
                tags.setAll((ObjectNode) rt);
            }
        }
        Boolean rating = null;
        ArrayNode comments = Json.mapper().createArrayNode();
        for (PlatformStore.Annotation a : notes) {
            if (a.rating() != null) {
                rating = a.rating();
            }
            if (a.comment() != null) {
                comments.add(comment(a));
            }
        }
        t.put("rating", rating);
        t.set("trace", rows.isEmpty() ? Json.object() : subject(rows.get(0)));
        t.set("comments", comments);
        ArrayNode evaluations = t.putArray("evaluations");
        for (PlatformStore.Row r : rows) {
            JsonNode response = parse(r.response());
            ObjectNode e = evaluations.addObject();
            e.put("id", r.id());
            e.putNull("evaluator_name");
            e.put("score", r.score());
            JsonNode explanation = response == null ? null : response.get("explanation");
            e.put("explanation", explanation != null && explanation.isTextual() ? explanation.asText() : null);
            e.putNull("sub_trace");
            e.put("criteria", r.criteria());
            JsonNode sources = response == null ? null : response.get("sources");
            e.set("sources", sources != null && sources.isArray() ? sources : Json.mapper().createArrayNode());
            e.put("cached", r.cached());
            e.put("c_cached_tokens", 0);
            e.put("endpoint", r.endpoint());
            e.put("model_core", r.modelCore());
            e.put("status_code", r.statusCode());
            e.put("created_at", TaskService.rfc3339(r.createdAt()));
            e.set("response", response);
        }
        return t;
    }

    /** What was evaluated: the trace of a trace evaluation, else {@code {messages, tools, system}}. */
    private static JsonNode subject(PlatformStore.Row r) {
        JsonNode req = parse(r.request());
        if (req == null || !req.isObject()) {
            return Json.object();
        }
        if ("trace".equals(r.endpoint()) && req.get("trace") != null) {
            return req.get("trace");
        }
        ObjectNode s = Json.object();
        for (String f : List.of("messages", "tools", "system")) {
            if (req.get(f) != null) {
                s.set(f, req.get(f));
            }
        }
        return s;
    }

    private static ObjectNode comment(PlatformStore.Annotation a) {
        ObjectNode c = Json.object();
        c.put("id", a.id());
        c.put("trace_id", a.traceId());
        c.put("comment", a.comment());
        c.put("created_at", TaskService.rfc3339(a.createdAt()));
        return c;
    }

    private static ObjectNode filterRow(PlatformStore.Row r) {
        ObjectNode o = Json.object();
        o.put("id", r.id());
        o.putNull("email");
        o.put("endpoint", r.endpoint());
        o.put("status_code", r.statusCode());
        o.put("latency_ms", r.latencyMs());
        o.set("request_payload", parse(r.request()));
        o.set("response_payload", parse(r.response()));
        o.put("token_count", r.tokenCount());
        o.putNull("domain");
        o.put("created_at", TaskService.rfc3339(r.createdAt()));
        o.put("model_class", r.modelCore() == null ? null : ModelCores.classOf(r.modelCore()));
        JsonNode tags = parse(r.tags());
        o.set("tags", tags != null && tags.isObject() ? tags : Json.object());
        o.put("trace_id", r.traceId());
        o.put("model_core", r.modelCore());
        o.put("criteria", r.criteria());
        o.put("score", r.score());
        o.put("cached", r.cached());
        o.put("task_id", r.taskId());
        return o;
    }

    // ---- validation ---------------------------------------------------------------------------------------

    private String traceIdField(JsonNode body, RequestValidator.Errors errors) {
        if (body == null || !body.isObject()) {
            errors.add("model_attributes_type", List.of("body"), "Input should be a valid dictionary or object to extract fields from", body);
            throw errors.exception();
        }
        JsonNode t = body.get("trace_id");
        if (t == null || t.isNull()) {
            errors.add("missing", List.of("body", "trace_id"), "Field required", body);
        } else if (!t.isTextual()) {
            errors.add("string_type", List.of("body", "trace_id"), "Input should be a valid string", t);
        } else if (t.asText().isBlank() || t.asText().length() > MAX_ID) {
            errors.add("string_too_long", List.of("body", "trace_id"), "String should have between 1 and " + MAX_ID + " characters", t);
        } else {
            return t.asText();
        }
        return null;
    }

    /** Throws the collected 422, or 404 when the (valid) trace id names no trace of this key. */
    private void requireTrace(String keyId, String traceId, RequestValidator.Errors errors) {
        if (!errors.isEmpty()) {
            throw errors.exception();
        }
        if (!store.traceExists(keyId, traceId)) {
            throw new ApiException(404, "Trace not found");
        }
    }

    private static Map<String, List<String>> tagFilters(JsonNode filters, RequestValidator.Errors errors) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (filters == null || filters.isNull()) {
            return out;
        }
        if (!filters.isArray()) {
            errors.add("list_type", List.of("body", "filters"), "Input should be a valid list of {\"key\", \"values\"}", filters);
            return out;
        }
        for (int i = 0; i < filters.size(); i++) {
            JsonNode f = filters.get(i);
            if (!f.isObject()) {
                errors.add("dict_type", List.of("body", "filters", i), "Input should be a valid dictionary", f);
                continue;
            }
            JsonNode key = f.get("key");
            if (key == null || !key.isTextual() || key.asText().isEmpty()) {
                errors.add(key == null || key.isNull() ? "missing" : "string_type", List.of("body", "filters", i, "key"),
                        key == null || key.isNull() ? "Field required" : "Input should be a valid string", key);
                continue;
            }
            List<String> values = strings(f.get("values"), List.of("body", "filters", i, "values"), errors);
            if (!values.isEmpty()) {
                out.computeIfAbsent(key.asText(), k -> new ArrayList<>()).addAll(values);
            }
        }
        return out;
    }

    private static List<String> strings(JsonNode v, List<Object> loc, RequestValidator.Errors errors) {
        List<String> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            errors.add("missing", loc, "Field required", null);
            return out;
        }
        if (!v.isArray()) {
            errors.add("list_type", loc, "Input should be a valid list of strings", v);
            return out;
        }
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isTextual()) {
                List<Object> at = new ArrayList<>(loc);
                at.add(i);
                errors.add("string_type", at, "Input should be a valid string", v.get(i));
            } else {
                out.add(v.get(i).asText());
            }
        }
        return out;
    }

    private static JsonNode present(JsonNode body, String field) {
        JsonNode v = body.get(field);
        return v == null || v.isNull() ? null : v;
    }

    private static int intField(JsonNode body, String field, int dflt, int min, int max, RequestValidator.Errors errors) {
        JsonNode v = present(body, field);
        if (v == null) {
            return dflt;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < min || v.asInt() > max) {
            errors.add(v.isIntegralNumber() ? "value_error" : "int_type", List.of("body", field), "Input should be an integer from " + min
                    + (max == Integer.MAX_VALUE ? " up" : " to " + max), v);
            return dflt;
        }
        return v.asInt();
    }

    private static Double scoreField(JsonNode body, String field, RequestValidator.Errors errors) {
        JsonNode v = present(body, field);
        if (v == null) {
            return null;
        }
        if (!v.isNumber() || v.asDouble() < 0 || v.asDouble() > 1) {
            errors.add(v.isNumber() ? "value_error" : "float_type", List.of("body", field), "Input should be a number from 0 to 1", v);
            return null;
        }
        return v.asDouble();
    }

    private static Long dateField(JsonNode body, String field, boolean end, RequestValidator.Errors errors) {
        JsonNode v = present(body, field);
        if (v == null) {
            return null;
        }
        Long t = v.isTextual() ? parseDate(v.asText(), end) : null;
        if (t == null) {
            errors.add("datetime_parsing", List.of("body", field), DATE_HELP, v);
        }
        return t;
    }

    private static final String DATE_HELP = "Input should be an ISO 8601 date or date-time, e.g. 2026-01-31 or 2026-01-31T12:00:00Z";

    private static String single(Map<String, List<String>> query, String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.get(v.size() - 1);
    }

    private static int intParam(Map<String, List<String>> query, String name, int dflt, int min, int max, RequestValidator.Errors errors) {
        String v = single(query, name);
        if (v == null || v.isEmpty()) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v.strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add("int_parsing", List.of("query", name), "Input should be an integer from " + min + " to " + max, Json.mapper().getNodeFactory().textNode(v));
        return dflt;
    }

    private static Long dateParam(Map<String, List<String>> query, String name, boolean end, RequestValidator.Errors errors) {
        String v = single(query, name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        Long t = parseDate(v, end);
        if (t == null) {
            errors.add("datetime_parsing", List.of("query", name), DATE_HELP, Json.mapper().getNodeFactory().textNode(v));
        }
        return t;
    }

    private static void checkRange(Long from, Long to, List<Object> loc, RequestValidator.Errors errors) {
        if (from != null && to != null && from > to) {
            errors.add("value_error", loc, "Value error, end_date must not be before start_date", null);
        }
    }

    /** Epoch millis of an ISO date-time (UTC when no offset) or date (its first or, for an end bound, last millisecond). */
    static Long parseDate(String s, boolean end) {
        String v = s.strip();
        try {
            return OffsetDateTime.parse(v).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            // next form
        }
        try {
            return LocalDateTime.parse(v).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException e) {
            // next form
        }
        try {
            LocalDate d = LocalDate.parse(v);
            return (end ? d.plusDays(1) : d).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli() - (end ? 1 : 0);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String token(PlatformStore.TraceKey k) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((k.createdAt() + ":" + k.traceId()).getBytes(StandardCharsets.UTF_8));
    }

    private static PlatformStore.TraceKey pageToken(String token, RequestValidator.Errors errors) {
        if (token == null || token.isEmpty() || token.equals("null")) {
            return null;
        }
        try {
            String s = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            int colon = s.indexOf(':');
            return new PlatformStore.TraceKey(s.substring(colon + 1), Long.parseLong(s.substring(0, colon)));
        } catch (RuntimeException e) {
            errors.add("value_error", List.of("query", "page_token"), "Value error, not a page token this server issued: pass the "
                    + "next_page_token of the previous page unchanged", null);
            return null;
        }
    }

    private static JsonNode parse(String json) {
        if (json == null) {
            return null;
        }
        try {
            return Json.parse(json);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}

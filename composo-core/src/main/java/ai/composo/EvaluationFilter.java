package ai.composo;

import ai.composo.internal.json.Json;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /api/v1/evaluations/filter} (wire-spec §12): tag filters (every tag must match one of its
 * values), criteria (any, matched as case-insensitive substrings by our server), endpoint type and page; and our
 * server's extensions: score range, creation dates and trace id. Immutable; build with {@link #builder()}.
 */
public final class EvaluationFilter {
    private final Map<String, List<String>> tags;
    private final List<String> criteria;
    private final String endpointType;
    private final Integer page;
    private final Integer pageSize;
    private final Double minScore;
    private final Double maxScore;
    private final Instant startDate;
    private final Instant endDate;
    private final String traceId;

    private EvaluationFilter(Builder b) {
        Map<String, List<String>> t = new LinkedHashMap<>();
        b.tags.forEach((k, v) -> t.put(k, List.copyOf(v)));
        this.tags = java.util.Collections.unmodifiableMap(t);
        this.criteria = List.copyOf(b.criteria);
        this.endpointType = b.endpointType;
        this.page = b.page;
        this.pageSize = b.pageSize;
        this.minScore = b.minScore;
        this.maxScore = b.maxScore;
        this.startDate = b.startDate;
        this.endDate = b.endDate;
        this.traceId = b.traceId;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Every stored evaluation, first page. */
    public static EvaluationFilter all() {
        return builder().build();
    }

    public Map<String, List<String>> tags() {
        return tags;
    }

    public List<String> criteria() {
        return criteria;
    }

    ObjectNode toJson() {
        ObjectNode o = Json.object();
        if (!tags.isEmpty()) {
            ArrayNode f = o.putArray("filters");
            tags.forEach((k, v) -> {
                ObjectNode one = f.addObject().put("key", k);
                v.forEach(one.putArray("values")::add);
            });
        }
        if (!criteria.isEmpty()) {
            criteria.forEach(o.putObject("criteria_filter").putArray("values")::add);
        }
        putIf(o, "endpoint_type", endpointType);
        if (page != null) {
            o.put("page", page);
        }
        if (pageSize != null) {
            o.put("page_size", pageSize);
        }
        if (minScore != null) {
            o.put("min_score", minScore);
        }
        if (maxScore != null) {
            o.put("max_score", maxScore);
        }
        putIf(o, "start_date", startDate == null ? null : startDate.toString());
        putIf(o, "end_date", endDate == null ? null : endDate.toString());
        putIf(o, "trace_id", traceId);
        return o;
    }

    private static void putIf(ObjectNode o, String name, String value) {
        if (value != null) {
            o.put(name, value);
        }
    }

    public static final class Builder {
        private final Map<String, List<String>> tags = new LinkedHashMap<>();
        private final List<String> criteria = new ArrayList<>();
        private String endpointType;
        private Integer page;
        private Integer pageSize;
        private Double minScore;
        private Double maxScore;
        private Instant startDate;
        private Instant endDate;
        private String traceId;

        private Builder() {}

        /** Only evaluations whose tag {@code key} has one of {@code values}; repeat for more tags (all must match). */
        public Builder tag(String key, String... values) {
            ClientCore.requireText(key, "key");
            if (values.length == 0) {
                throw new IllegalArgumentException("tag " + key + " needs at least one value");
            }
            tags.computeIfAbsent(key, k -> new ArrayList<>()).addAll(List.of(values));
            return this;
        }

        /** Only evaluations whose criterion contains one of these texts. */
        public Builder criterion(String... texts) {
            for (String t : texts) {
                criteria.add(ClientCore.requireText(t, "criterion"));
            }
            return this;
        }

        /** {@code reward}, {@code trace} or {@code binary}. */
        public Builder endpointType(String endpointType) {
            this.endpointType = endpointType;
            return this;
        }

        public Builder page(int page) {
            if (page < 1) {
                throw new IllegalArgumentException("page starts at 1, not " + page);
            }
            this.page = page;
            return this;
        }

        public Builder pageSize(int pageSize) {
            if (pageSize < 1) {
                throw new IllegalArgumentException("pageSize must be at least 1, not " + pageSize);
            }
            this.pageSize = pageSize;
            return this;
        }

        /** Scores from {@code min} to {@code max}, inclusive (0 to 1); evaluations without a score are left out. */
        public Builder scoreBetween(double min, double max) {
            if (min < 0 || max > 1 || min > max) {
                throw new IllegalArgumentException("score range must satisfy 0 <= min <= max <= 1, not " + min + ".." + max);
            }
            this.minScore = min;
            this.maxScore = max;
            return this;
        }

        public Builder createdBetween(Instant start, Instant end) {
            if (start != null && end != null && end.isBefore(start)) {
                throw new IllegalArgumentException("end must not be before start");
            }
            this.startDate = start;
            this.endDate = end;
            return this;
        }

        public Builder traceId(String traceId) {
            this.traceId = traceId;
            return this;
        }

        public EvaluationFilter build() {
            return new EvaluationFilter(this);
        }
    }
}

package ai.composo;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The query of {@code GET /api/v1/traces}: page size (1 to 500, default 50), the page token of the previous page, and
 * inclusive bounds on creation time. Immutable; build with {@link #builder()}.
 */
public final class TraceQuery {
    private final Integer pageSize;
    private final String pageToken;
    private final Instant startDate;
    private final Instant endDate;

    private TraceQuery(Builder b) {
        this.pageSize = b.pageSize;
        this.pageToken = b.pageToken;
        this.startDate = b.startDate;
        this.endDate = b.endDate;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The first page with the server's defaults. */
    public static TraceQuery firstPage() {
        return builder().build();
    }

    /** The same query for the page after the one that returned {@code nextPageToken}. */
    public TraceQuery next(String nextPageToken) {
        Builder b = new Builder();
        b.pageSize = pageSize;
        b.startDate = startDate;
        b.endDate = endDate;
        return b.pageToken(nextPageToken).build();
    }

    String queryString() {
        List<String> q = new ArrayList<>();
        add(q, "page_size", pageSize);
        add(q, "page_token", pageToken);
        add(q, "start_date", startDate);
        add(q, "end_date", endDate);
        return q.isEmpty() ? "" : "?" + String.join("&", q);
    }

    private static void add(List<String> q, String name, Object value) {
        if (value != null) {
            q.add(name + "=" + URLEncoder.encode(value.toString(), StandardCharsets.UTF_8));
        }
    }

    public static final class Builder {
        private Integer pageSize;
        private String pageToken;
        private Instant startDate;
        private Instant endDate;

        private Builder() {}

        public Builder pageSize(int pageSize) {
            if (pageSize < 1 || pageSize > 500) {
                throw new IllegalArgumentException("pageSize must be from 1 to 500, not " + pageSize);
            }
            this.pageSize = pageSize;
            return this;
        }

        public Builder pageToken(String pageToken) {
            this.pageToken = pageToken;
            return this;
        }

        public Builder startDate(Instant startDate) {
            this.startDate = startDate;
            return this;
        }

        public Builder endDate(Instant endDate) {
            this.endDate = endDate;
            return this;
        }

        public TraceQuery build() {
            if (startDate != null && endDate != null && endDate.isBefore(startDate)) {
                throw new IllegalArgumentException("endDate must not be before startDate");
            }
            return new TraceQuery(this);
        }
    }
}

package ai.composo.spark;

import java.io.Serializable;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How {@link ComposoSpark#evaluate} judges a Dataset: where (a Composo server, or the embedded judge inside each
 * executor), how hard (concurrency, retries, time budget) and which input columns hold what. Immutable and
 * serialisable: it travels to the executors with the job. Build one with {@link #builder()}; the defaults are the
 * embedded judge and the column names of {@code composo eval} ({@code messages}, or {@code prompt}/{@code response}/
 * {@code context}; {@code system}, {@code tools}, {@code id}).
 */
public final class ComposoSparkOptions implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Where evaluations run. */
    public enum Mode {
        /** Each executor JVM sends its rows to a Composo server through one shared {@code AsyncComposo}. */
        REMOTE,
        /** Each executor JVM loads the embedded judge once and evaluates in-process; no server, no network. */
        EMBEDDED
    }

    /** The logical inputs a column can be mapped to. */
    public enum Field {
        ID("id"), MESSAGES("messages"), PROMPT("prompt"), RESPONSE("response"), CONTEXT("context"), SYSTEM("system"), TOOLS("tools");

        private final String defaultColumn;

        Field(String defaultColumn) {
            this.defaultColumn = defaultColumn;
        }

        /** The name {@code composo eval} reads this field under, and the column looked for by default. */
        public String defaultColumn() {
            return defaultColumn;
        }
    }

    private final Mode mode;
    private final String baseUrl;
    private final String apiKey;
    private final int maxConcurrentRequests;
    private final int numRetries;
    private final Duration timeout;
    private final int window;
    private final int embeddedThreads;
    private final Map<Field, String> columns;

    private ComposoSparkOptions(Builder b) {
        this.mode = b.mode;
        this.baseUrl = b.baseUrl;
        this.apiKey = b.apiKey;
        this.maxConcurrentRequests = b.maxConcurrentRequests;
        this.numRetries = b.numRetries;
        this.timeout = b.timeout;
        this.window = b.window > 0 ? b.window : 2 * b.maxConcurrentRequests;
        this.embeddedThreads = b.embeddedThreads;
        this.columns = new LinkedHashMap<>(b.columns);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.mode = mode;
        b.baseUrl = baseUrl;
        b.apiKey = apiKey;
        b.maxConcurrentRequests = maxConcurrentRequests;
        b.numRetries = numRetries;
        b.timeout = timeout;
        b.window = window;
        b.embeddedThreads = embeddedThreads;
        b.columns.putAll(columns);
        return b;
    }

    public Mode mode() {
        return mode;
    }

    /** The server evaluations go to in {@link Mode#REMOTE}; null in embedded mode. */
    public String baseUrl() {
        return baseUrl;
    }

    /** The API key sent in {@link Mode#REMOTE}; null in embedded mode. Never printed by {@link #toString()}. */
    public String apiKey() {
        return apiKey;
    }

    /** Remote: HTTP requests in flight at once per executor JVM (shared by its tasks), adaptive on 429. */
    public int maxConcurrentRequests() {
        return maxConcurrentRequests;
    }

    public int numRetries() {
        return numRetries;
    }

    /** The time budget of one evaluation, retries included. */
    public Duration timeout() {
        return timeout;
    }

    /** Evaluations a task holds at once (in flight or waiting to be emitted in order): the memory bound. */
    public int window() {
        return window;
    }

    /** Embedded: inference threads of the executor JVM's judge. */
    public int embeddedThreads() {
        return embeddedThreads;
    }

    /** The column read for {@code field}. */
    public String column(Field field) {
        return columns.getOrDefault(field, field.defaultColumn());
    }

    /** The key of the per-executor client or judge these options use: equal keys share one. */
    String executorKey() {
        return mode == Mode.EMBEDDED ? "embedded|" + embeddedThreads
                : "remote|" + baseUrl + "|" + Integer.toHexString(Objects.hashCode(apiKey)) + "|" + maxConcurrentRequests + "|"
                        + numRetries + "|" + timeout.toMillis();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ComposoSparkOptions x && x.mode == mode && Objects.equals(x.baseUrl, baseUrl) && Objects.equals(x.apiKey, apiKey)
                && x.maxConcurrentRequests == maxConcurrentRequests && x.numRetries == numRetries && x.timeout.equals(timeout)
                && x.window == window && x.embeddedThreads == embeddedThreads && x.columns.equals(columns);
    }

    @Override
    public int hashCode() {
        return Objects.hash(mode, baseUrl, apiKey, maxConcurrentRequests, numRetries, timeout, window, embeddedThreads, columns);
    }

    @Override
    public String toString() {
        return "ComposoSparkOptions{" + (mode == Mode.REMOTE ? "remote " + baseUrl + (apiKey == null ? "" : " (key set)")
                + ", maxConcurrentRequests=" + maxConcurrentRequests + ", numRetries=" + numRetries
                : "embedded, threads=" + embeddedThreads) + ", timeout=" + timeout + ", window=" + window + ", columns=" + columns + "}";
    }

    public static final class Builder {
        private Mode mode = Mode.EMBEDDED;
        private String baseUrl;
        private String apiKey;
        private int maxConcurrentRequests = 8;
        private int numRetries = 3;
        private Duration timeout = Duration.ofSeconds(60);
        private int window;
        private int embeddedThreads = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
        private final Map<Field, String> columns = new LinkedHashMap<>();

        private Builder() {}

        /** Evaluate on a Composo server: the hosted platform or a self-hosted {@code composo serve}. */
        public Builder remote(String baseUrl, String apiKey) {
            if (baseUrl == null || baseUrl.isBlank()) {
                throw new IllegalArgumentException("remote mode needs the server's base URL");
            }
            if (apiKey == null || apiKey.isBlank()) {
                throw new IllegalArgumentException("remote mode needs an API key for " + baseUrl);
            }
            this.mode = Mode.REMOTE;
            this.baseUrl = baseUrl;
            this.apiKey = apiKey;
            return this;
        }

        /** Evaluate with the embedded judge in each executor JVM (the default). */
        public Builder embedded() {
            this.mode = Mode.EMBEDDED;
            this.baseUrl = null;
            this.apiKey = null;
            return this;
        }

        public Builder maxConcurrentRequests(int n) {
            if (n < 1 || n > 1024) {
                throw new IllegalArgumentException("maxConcurrentRequests must be between 1 and 1024, got " + n);
            }
            this.maxConcurrentRequests = n;
            return this;
        }

        public Builder numRetries(int n) {
            if (n < 0 || n > 20) {
                throw new IllegalArgumentException("numRetries must be between 0 and 20, got " + n);
            }
            this.numRetries = n;
            return this;
        }

        public Builder timeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, got " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /** Evaluations one task holds at once; default twice {@code maxConcurrentRequests}. */
        public Builder window(int window) {
            if (window < 1 || window > 100_000) {
                throw new IllegalArgumentException("window must be between 1 and 100000, got " + window);
            }
            this.window = window;
            return this;
        }

        public Builder embeddedThreads(int threads) {
            if (threads < 1 || threads > 64) {
                throw new IllegalArgumentException("embeddedThreads must be between 1 and 64, got " + threads);
            }
            this.embeddedThreads = threads;
            return this;
        }

        /** Read {@code field} from {@code column} instead of its default name. */
        public Builder column(Field field, String column) {
            Objects.requireNonNull(field, "field");
            if (column == null || column.isBlank()) {
                throw new IllegalArgumentException("the column for " + field.defaultColumn() + " must not be blank");
            }
            this.columns.put(field, column);
            return this;
        }

        public ComposoSparkOptions build() {
            return new ComposoSparkOptions(this);
        }
    }
}

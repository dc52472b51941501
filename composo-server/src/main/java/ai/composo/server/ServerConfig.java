package ai.composo.server;

import ai.composo.judge.JudgeConfig;
import ai.composo.judge.SettingValues;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The immutable configuration of a {@link ComposoServer}. Build one with {@link #builder()}, or read one
 * with {@link #load(Path, Map, Map)} from a properties file, the {@code COMPOSO_*} environment and
 * command-line overrides (later sources win). Every setting has one property key; see {@link #KEYS}.
 */
public final class ServerConfig {
    /** The default database: an SQLite file in {@code ./composo-data}. */
    public static final String DEFAULT_DATABASE_URL = "jdbc:sqlite:./composo-data/composo.db";

    /** Every accepted property key (besides {@code judge.<name>.<setting>}), with its description. */
    public static final Map<String, String> KEYS;

    static {
        Map<String, String> k = new LinkedHashMap<>();
        k.put("host", "address to bind (default 127.0.0.1)");
        k.put("port", "port to listen on; 0 picks a free port (default 8080)");
        k.put("database.url", "JDBC URL: jdbc:sqlite:<file> (default " + DEFAULT_DATABASE_URL + ") or jdbc:postgresql://...");
        k.put("database.user", "database user (PostgreSQL)");
        k.put("database.password", "database password (PostgreSQL); prefer the environment variable");
        k.put("database.pool-size", "JDBC connection pool size (default 8)");
        k.put("api-keys", "comma-separated API keys accepted in addition to keys created with 'keys create'");
        k.put("dev", "dev mode: generate an API key at start and print it once (default false)");
        k.put("rate-limit.requests-per-hour", "requests per hour per API key; 0 = unlimited (default 10000)");
        k.put("rate-limit.concurrent", "concurrent requests per API key; 0 = unlimited (default 64)");
        k.put("limits.max-body-size", "largest accepted request body, e.g. 8MiB, 512KiB or bytes (default 8MiB)");
        k.put("limits.max-in-flight", "blocking evaluations held at once before answering 503 (default 10000)");
        k.put("cache.enabled", "cache results of deterministic judges (default true)");
        k.put("cache.max-entries", "entries kept in the result cache (default 10000)");
        k.put("judges.default", "name of the judge that serves the hosted model_core names");
        k.put("judge.timeout", "time a judge gets per evaluation before the request fails with 524 (default 120s)");
        k.put("tasks.workers", "worker threads running background tasks (default 4)");
        k.put("tasks.queue-capacity", "background tasks queued at once before answering 503 (default 1000)");
        k.put("tasks.retention", "how long finished tasks stay retrievable, e.g. 7d or 12h (default 7d)");
        k.put("shutdown.timeout", "how long close() waits for in-flight work (default 30s)");
        k.put("metrics.require-key", "whether /metrics needs an API key (default true)");
        k.put("usage.monthly-token-quota", "monthly_token_quota reported by /api/v1/usage; 0 = none (default 0)");
        KEYS = Collections.unmodifiableMap(k);
    }

    private final String host;
    private final int port;
    private final String databaseUrl;
    private final String databaseUser;
    private final String databasePassword;
    private final int databasePoolSize;
    private final List<String> apiKeys;
    private final boolean devMode;
    private final long requestsPerHour;
    private final int concurrentRequests;
    private final long maxBodyBytes;
    private final int maxInFlight;
    private final boolean cacheEnabled;
    private final int cacheMaxEntries;
    private final List<JudgeConfig> judges;
    private final String defaultJudge;
    private final Duration judgeTimeout;
    private final int workers;
    private final int queueCapacity;
    private final Duration taskRetention;
    private final Duration shutdownTimeout;
    private final boolean metricsRequireKey;
    private final long monthlyTokenQuota;

    private ServerConfig(Builder b) {
        this.host = requireText(b.host, "host");
        if (b.port < 0 || b.port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, got " + b.port);
        }
        this.port = b.port;
        this.databaseUrl = requireText(b.databaseUrl, "database.url");
        if (!databaseUrl.startsWith("jdbc:sqlite:") && !databaseUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("database.url must start with jdbc:sqlite: or jdbc:postgresql:, got '" + databaseUrl + "'");
        }
        this.databaseUser = b.databaseUser;
        this.databasePassword = b.databasePassword;
        this.databasePoolSize = positive(b.databasePoolSize, "database.pool-size");
        this.apiKeys = List.copyOf(b.apiKeys);
        for (String key : apiKeys) {
            if (key.isBlank() || key.length() < 8) {
                throw new IllegalArgumentException("api-keys: every key needs at least 8 characters");
            }
        }
        this.devMode = b.devMode;
        this.requestsPerHour = notNegative(b.requestsPerHour, "rate-limit.requests-per-hour");
        this.concurrentRequests = (int) notNegative(b.concurrentRequests, "rate-limit.concurrent");
        this.maxBodyBytes = positive(b.maxBodyBytes, "limits.max-body-size");
        this.maxInFlight = positive(b.maxInFlight, "limits.max-in-flight");
        this.cacheEnabled = b.cacheEnabled;
        this.cacheMaxEntries = positive(b.cacheMaxEntries, "cache.max-entries");
        this.judges = List.copyOf(b.judges);
        TreeSet<String> names = new TreeSet<>();
        for (JudgeConfig j : judges) {
            if (!names.add(j.name())) {
                throw new IllegalArgumentException("judge '" + j.name() + "' is configured twice");
            }
        }
        this.defaultJudge = b.defaultJudge == null || b.defaultJudge.isBlank() ? null : b.defaultJudge.strip();
        if (defaultJudge != null && !judges.isEmpty() && !names.contains(defaultJudge)) {
            throw new IllegalArgumentException("judges.default names '" + defaultJudge + "', which is not configured (configured: "
                    + String.join(", ", names) + ")");
        }
        this.judgeTimeout = positive(b.judgeTimeout, "judge.timeout");
        this.workers = positive(b.workers, "tasks.workers");
        this.queueCapacity = positive(b.queueCapacity, "tasks.queue-capacity");
        this.taskRetention = positive(b.taskRetention, "tasks.retention");
        this.shutdownTimeout = Objects.requireNonNull(b.shutdownTimeout, "shutdown.timeout");
        this.metricsRequireKey = b.metricsRequireKey;
        this.monthlyTokenQuota = notNegative(b.monthlyTokenQuota, "usage.monthly-token-quota");
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.host = host;
        b.port = port;
        b.databaseUrl = databaseUrl;
        b.databaseUser = databaseUser;
        b.databasePassword = databasePassword;
        b.databasePoolSize = databasePoolSize;
        b.apiKeys.addAll(apiKeys);
        b.devMode = devMode;
        b.requestsPerHour = requestsPerHour;
        b.concurrentRequests = concurrentRequests;
        b.maxBodyBytes = maxBodyBytes;
        b.maxInFlight = maxInFlight;
        b.cacheEnabled = cacheEnabled;
        b.cacheMaxEntries = cacheMaxEntries;
        b.judges.addAll(judges);
        b.defaultJudge = defaultJudge;
        b.judgeTimeout = judgeTimeout;
        b.workers = workers;
        b.queueCapacity = queueCapacity;
        b.taskRetention = taskRetention;
        b.shutdownTimeout = shutdownTimeout;
        b.metricsRequireKey = metricsRequireKey;
        b.monthlyTokenQuota = monthlyTokenQuota;
        return b;
    }

    /**
     * Reads the configuration: defaults, then {@code configFile} (properties; may be null), then the
     * environment ({@code COMPOSO_} + the key in upper case with {@code .} and {@code -} as {@code _},
     * e.g. {@code COMPOSO_DATABASE_URL}), then {@code overrides} (property keys, e.g. from command-line
     * flags). Judges are configured as {@code judge.<name>.type=<type>} plus {@code judge.<name>.<setting>}.
     * Throws {@link IllegalArgumentException} naming the source and key of any bad value.
     */
    public static ServerConfig load(Path configFile, Map<String, String> environment, Map<String, String> overrides) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> sourceOf = new LinkedHashMap<>();
        if (configFile != null) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(configFile, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                throw new IllegalArgumentException("Cannot read config file " + configFile + ": " + e.getMessage(), e);
            }
            for (String key : new TreeSet<>(p.stringPropertyNames())) {
                checkKnown(key, "config file " + configFile);
                values.put(key, p.getProperty(key).strip());
                sourceOf.put(key, "config file " + configFile);
            }
        }
        if (environment != null) {
            for (String key : KEYS.keySet()) {
                String var = environmentVariable(key);
                String v = environment.get(var);
                if (v != null && !v.isBlank()) {
                    values.put(key, v.strip());
                    sourceOf.put(key, "environment variable " + var);
                }
            }
        }
        if (overrides != null) {
            overrides.forEach((key, v) -> {
                checkKnown(key, "command line");
                if (v != null) {
                    values.put(key, v.strip());
                    sourceOf.put(key, "command line");
                }
            });
        }
        return fromProperties(values, sourceOf, environment);
    }

    /** The environment variable for a property key, e.g. {@code COMPOSO_RATE_LIMIT_CONCURRENT}. */
    public static String environmentVariable(String key) {
        return "COMPOSO_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static void checkKnown(String key, String source) {
        if (KEYS.containsKey(key)) {
            return;
        }
        if (key.startsWith("judge.") && key.split("\\.", 3).length == 3 && !key.endsWith(".")) {
            return;
        }
        throw new IllegalArgumentException("Unknown setting '" + key + "' in " + source + "; known settings: "
                + String.join(", ", KEYS.keySet()) + ", judge.<name>.<setting>");
    }

    private static ServerConfig fromProperties(Map<String, String> values, Map<String, String> sourceOf, Map<String, String> env) {
        Builder b = builder();
        Map<String, Map<String, String>> judgeSettings = new TreeMap<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            String key = e.getKey();
            String v = e.getValue();
            String where = "'" + key + "' (" + sourceOf.get(key) + ")";
            try {
                switch (key) {
                    case "host" -> b.host(v);
                    case "port" -> b.port(parseInt(v));
                    case "database.url" -> b.databaseUrl(v);
                    case "database.user" -> b.databaseUser(v);
                    case "database.password" -> b.databasePassword(v);
                    case "database.pool-size" -> b.databasePoolSize(parseInt(v));
                    case "api-keys" -> {
                        for (String k : v.split(",")) {
                            if (!k.isBlank()) {
                                b.apiKey(k.strip());
                            }
                        }
                    }
                    case "dev" -> b.devMode(parseBoolean(v));
                    case "rate-limit.requests-per-hour" -> b.requestsPerHour(parseLong(v));
                    case "rate-limit.concurrent" -> b.concurrentRequests(parseInt(v));
                    case "limits.max-body-size" -> b.maxBodyBytes(parseSize(v));
                    case "limits.max-in-flight" -> b.maxInFlight(parseInt(v));
                    case "cache.enabled" -> b.cacheEnabled(parseBoolean(v));
                    case "cache.max-entries" -> b.cacheMaxEntries(parseInt(v));
                    case "judges.default" -> b.defaultJudge(v);
                    case "judge.timeout" -> b.judgeTimeout(parseDuration(v));
                    case "tasks.workers" -> b.workers(parseInt(v));
                    case "tasks.queue-capacity" -> b.queueCapacity(parseInt(v));
                    case "tasks.retention" -> b.taskRetention(parseDuration(v));
                    case "shutdown.timeout" -> b.shutdownTimeout(parseDuration(v));
                    case "metrics.require-key" -> b.metricsRequireKey(parseBoolean(v));
                    case "usage.monthly-token-quota" -> b.monthlyTokenQuota(parseLong(v));
                    default -> {
                        String[] parts = key.split("\\.", 3);
                        judgeSettings.computeIfAbsent(parts[1], n -> new TreeMap<>()).put(parts[2], v);
                    }
                }
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("Bad value for " + where + ": " + ex.getMessage(), ex);
            }
        }
        judgeSettings.forEach((name, settings) -> {
            String type = settings.remove("type");
            if (type == null || type.isBlank()) {
                throw new IllegalArgumentException("judge '" + name + "' has settings but no type: add judge." + name
                        + ".type=<type> (for example openai, embedded or test)");
            }
            b.judge(JudgeConfig.of(name, type, settings, env == null ? System::getenv : env::get));
        });
        return b.build();
    }

    static int parseInt(String v) {
        return SettingValues.intValue(v);
    }

    static long parseLong(String v) {
        return SettingValues.wholeNumber(v);
    }

    static boolean parseBoolean(String v) {
        return SettingValues.bool(v);
    }

    /** Durations as {@code 500ms}, {@code 30s}, {@code 2m}, {@code 12h}, {@code 7d} or ISO-8601 ({@link SettingValues}). */
    public static Duration parseDuration(String v) {
        return SettingValues.duration(v);
    }

    /** Sizes as bytes or with a unit: {@code 512KiB}, {@code 8MiB}, {@code 1GiB} (also KB, MB, k, m) ({@link SettingValues}). */
    public static long parseSize(String v) {
        return SettingValues.size(v);
    }

    private static String requireText(String v, String what) {
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return v.strip();
    }

    private static int positive(int v, String what) {
        if (v <= 0) {
            throw new IllegalArgumentException(what + " must be positive, got " + v);
        }
        return v;
    }

    private static long positive(long v, String what) {
        if (v <= 0) {
            throw new IllegalArgumentException(what + " must be positive, got " + v);
        }
        return v;
    }

    private static long notNegative(long v, String what) {
        if (v < 0) {
            throw new IllegalArgumentException(what + " must not be negative, got " + v);
        }
        return v;
    }

    private static Duration positive(Duration d, String what) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(what + " must be a positive duration, got " + d);
        }
        return d;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String databaseUrl() {
        return databaseUrl;
    }

    public Optional<String> databaseUser() {
        return Optional.ofNullable(databaseUser);
    }

    public Optional<String> databasePassword() {
        return Optional.ofNullable(databasePassword);
    }

    public int databasePoolSize() {
        return databasePoolSize;
    }

    public boolean isPostgres() {
        return databaseUrl.startsWith("jdbc:postgresql:");
    }

    /** Keys accepted from configuration (besides the keys stored in the database). */
    public List<String> apiKeys() {
        return apiKeys;
    }

    public boolean devMode() {
        return devMode;
    }

    public long requestsPerHour() {
        return requestsPerHour;
    }

    public int concurrentRequests() {
        return concurrentRequests;
    }

    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    public int maxInFlight() {
        return maxInFlight;
    }

    public boolean cacheEnabled() {
        return cacheEnabled;
    }

    public int cacheMaxEntries() {
        return cacheMaxEntries;
    }

    public List<JudgeConfig> judges() {
        return judges;
    }

    public Optional<String> defaultJudge() {
        return Optional.ofNullable(defaultJudge);
    }

    public Duration judgeTimeout() {
        return judgeTimeout;
    }

    public int workers() {
        return workers;
    }

    public int queueCapacity() {
        return queueCapacity;
    }

    public Duration taskRetention() {
        return taskRetention;
    }

    public Duration shutdownTimeout() {
        return shutdownTimeout;
    }

    public boolean metricsRequireKey() {
        return metricsRequireKey;
    }

    public long monthlyTokenQuota() {
        return monthlyTokenQuota;
    }

    @Override
    public String toString() {
        // never prints keys or passwords
        return "ServerConfig{host=" + host + ", port=" + port + ", database=" + databaseUrl.replaceAll("password=[^&]*", "password=***")
                + ", apiKeys=" + apiKeys.size() + ", dev=" + devMode + ", judges=" + judges.stream().map(JudgeConfig::name).toList()
                + ", defaultJudge=" + defaultJudge + ", cache=" + cacheEnabled + "}";
    }

    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 8080;
        private String databaseUrl = DEFAULT_DATABASE_URL;
        private String databaseUser;
        private String databasePassword;
        private int databasePoolSize = 8;
        private final List<String> apiKeys = new ArrayList<>();
        private boolean devMode;
        private long requestsPerHour = 10_000;
        private long concurrentRequests = 64;
        private long maxBodyBytes = 8L * 1024 * 1024;
        private int maxInFlight = 10_000;
        private boolean cacheEnabled = true;
        private int cacheMaxEntries = 10_000;
        private final List<JudgeConfig> judges = new ArrayList<>();
        private String defaultJudge;
        private Duration judgeTimeout = Duration.ofSeconds(120);
        private int workers = 4;
        private int queueCapacity = 1000;
        private Duration taskRetention = Duration.ofDays(7);
        private Duration shutdownTimeout = Duration.ofSeconds(30);
        private boolean metricsRequireKey = true;
        private long monthlyTokenQuota;

        private Builder() {}

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder databaseUrl(String databaseUrl) {
            this.databaseUrl = databaseUrl;
            return this;
        }

        /** An SQLite database file, e.g. in a temporary directory. */
        public Builder sqliteFile(Path file) {
            return databaseUrl("jdbc:sqlite:" + file.toAbsolutePath());
        }

        public Builder databaseUser(String databaseUser) {
            this.databaseUser = databaseUser;
            return this;
        }

        public Builder databasePassword(String databasePassword) {
            this.databasePassword = databasePassword;
            return this;
        }

        public Builder databasePoolSize(int databasePoolSize) {
            this.databasePoolSize = databasePoolSize;
            return this;
        }

        public Builder apiKey(String apiKey) {
            this.apiKeys.add(Objects.requireNonNull(apiKey, "apiKey"));
            return this;
        }

        public Builder apiKeys(List<String> apiKeys) {
            this.apiKeys.clear();
            apiKeys.forEach(this::apiKey);
            return this;
        }

        /** Dev mode: the server generates one API key at start ({@link ComposoServer#devApiKey()}). */
        public Builder devMode(boolean devMode) {
            this.devMode = devMode;
            return this;
        }

        /** Requests per hour per API key; 0 = unlimited. */
        public Builder requestsPerHour(long requestsPerHour) {
            this.requestsPerHour = requestsPerHour;
            return this;
        }

        /** Concurrent requests per API key; 0 = unlimited. */
        public Builder concurrentRequests(long concurrentRequests) {
            this.concurrentRequests = concurrentRequests;
            return this;
        }

        public Builder maxBodyBytes(long maxBodyBytes) {
            this.maxBodyBytes = maxBodyBytes;
            return this;
        }

        public Builder maxInFlight(int maxInFlight) {
            this.maxInFlight = maxInFlight;
            return this;
        }

        public Builder cacheEnabled(boolean cacheEnabled) {
            this.cacheEnabled = cacheEnabled;
            return this;
        }

        public Builder cacheMaxEntries(int cacheMaxEntries) {
            this.cacheMaxEntries = cacheMaxEntries;
            return this;
        }

        public Builder judge(JudgeConfig judge) {
            this.judges.add(Objects.requireNonNull(judge, "judge"));
            return this;
        }

        public Builder judges(List<JudgeConfig> judges) {
            this.judges.clear();
            judges.forEach(this::judge);
            return this;
        }

        public Builder defaultJudge(String defaultJudge) {
            this.defaultJudge = defaultJudge;
            return this;
        }

        public Builder judgeTimeout(Duration judgeTimeout) {
            this.judgeTimeout = judgeTimeout;
            return this;
        }

        public Builder workers(int workers) {
            this.workers = workers;
            return this;
        }

        public Builder queueCapacity(int queueCapacity) {
            this.queueCapacity = queueCapacity;
            return this;
        }

        public Builder taskRetention(Duration taskRetention) {
            this.taskRetention = taskRetention;
            return this;
        }

        public Builder shutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = shutdownTimeout;
            return this;
        }

        public Builder metricsRequireKey(boolean metricsRequireKey) {
            this.metricsRequireKey = metricsRequireKey;
            return this;
        }

        public Builder monthlyTokenQuota(long monthlyTokenQuota) {
            this.monthlyTokenQuota = monthlyTokenQuota;
            return this;
        }

        public ServerConfig build() {
            return new ServerConfig(this);
        }
    }
}

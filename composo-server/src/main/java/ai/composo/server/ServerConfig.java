package ai.composo.server;

import ai.composo.judge.JudgeConfig;
import ai.composo.judge.SettingValues;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The immutable configuration of a {@link ComposoServer}, composed of small records that each validate their part
 * ({@link Http}, {@link Storage}, {@link Keys}, {@link Limits}, {@link Judging}, {@link Tasks}). Build one with
 * {@link #builder()}, or read one with {@link #load(Path, Map, Map)} from a properties file, the {@code COMPOSO_*}
 * environment and command-line overrides (later sources win). Every setting has one property key; see {@link #KEYS}.
 * Values are read by {@link SettingValues}, as the judges' settings are.
 */
public final class ServerConfig {
    /** The default database: an SQLite file in {@code ./composo-data}. */
    public static final String DEFAULT_DATABASE_URL = "jdbc:sqlite:./composo-data/composo.db";

    /** Every accepted property key (besides {@code judge.<name>.<setting>}), with its description. */
    public static final Map<String, String> KEYS = ServerConfigLoader.KEYS;

    /**
     * Reads the configuration: defaults, then {@code configFile} (properties; may be null), then the
     * environment ({@code COMPOSO_} + the key in upper case with {@code .} and {@code -} as {@code _},
     * e.g. {@code COMPOSO_DATABASE_URL}), then {@code overrides} (property keys, e.g. from command-line
     * flags). Judges are configured as {@code judge.<name>.type=<type>} plus {@code judge.<name>.<setting>}.
     * Throws {@link IllegalArgumentException} naming the source and key of any bad value.
     */
    public static ServerConfig load(Path configFile, Map<String, String> environment, Map<String, String> overrides) {
        return ServerConfigLoader.load(configFile, environment, overrides);
    }

    /** The environment variable for a property key, e.g. {@code COMPOSO_RATE_LIMIT_CONCURRENT}. */
    public static String environmentVariable(String key) {
        return ServerConfigLoader.environmentVariable(key);
    }

    /** Where the server listens and how much one request may hold. */
    public record Http(String host, int port, long maxBodyBytes, int maxInFlight) {
        public Http {
            host = requireText(host, "host");
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
            }
            positive(maxBodyBytes, "limits.max-body-size");
            positive(maxInFlight, "limits.max-in-flight");
        }
    }

    /** The database: SQLite (one node) or PostgreSQL (any number of nodes). */
    public record Storage(String url, String user, String password, int poolSize) {
        public Storage {
            url = requireText(url, "database.url");
            if (!url.startsWith("jdbc:sqlite:") && !url.startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException("database.url must start with jdbc:sqlite: or jdbc:postgresql:, got '" + url + "'");
            }
            positive(poolSize, "database.pool-size");
        }

        public boolean isPostgres() {
            return url.startsWith("jdbc:postgresql:");
        }

        /** Never shows the password. */
        @Override
        public String toString() {
            return url.replaceAll("password=[^&]*", "password=***") + (user == null ? "" : " as " + user);
        }
    }

    /** Who may call: keys from the configuration (besides those in the database), dev mode, and whether /metrics needs a key. */
    public record Keys(List<String> apiKeys, boolean devMode, boolean metricsRequireKey) {
        public Keys {
            apiKeys = List.copyOf(apiKeys);
            for (String key : apiKeys) {
                if (key.isBlank() || key.length() < 8) {
                    throw new IllegalArgumentException("api-keys: every key needs at least 8 characters");
                }
            }
        }

        /** Never shows the keys. */
        @Override
        public String toString() {
            return "Keys{apiKeys=" + apiKeys.size() + ", dev=" + devMode + ", metricsRequireKey=" + metricsRequireKey + "}";
        }
    }

    /** Per-key limits (0 = unlimited) and the monthly token quota reported by /api/v1/usage (0 = none). */
    public record Limits(long requestsPerHour, int concurrentRequests, long monthlyTokenQuota) {
        public Limits {
            notNegative(requestsPerHour, "rate-limit.requests-per-hour");
            notNegative(concurrentRequests, "rate-limit.concurrent");
            notNegative(monthlyTokenQuota, "usage.monthly-token-quota");
        }
    }

    /** The judges by name, the one serving the hosted model_core names, the time each evaluation may take, and the verdict cache. */
    public record Judging(List<JudgeConfig> judges, String defaultJudge, Duration timeout, boolean cacheEnabled, int cacheMaxEntries) {
        public Judging {
            judges = List.copyOf(judges);
            TreeSet<String> names = new TreeSet<>();
            for (JudgeConfig j : judges) {
                if (!names.add(j.name())) {
                    throw new IllegalArgumentException("judge '" + j.name() + "' is configured twice");
                }
            }
            defaultJudge = defaultJudge == null || defaultJudge.isBlank() ? null : defaultJudge.strip();
            if (defaultJudge != null && !judges.isEmpty() && !names.contains(defaultJudge)) {
                throw new IllegalArgumentException("judges.default names '" + defaultJudge + "', which is not configured (configured: "
                        + String.join(", ", names) + ")");
            }
            positive(timeout, "judge.timeout");
            positive(cacheMaxEntries, "cache.max-entries");
        }
    }

    /** Background tasks: worker threads, queue bound, how long finished tasks stay readable, and the shutdown wait. */
    public record Tasks(int workers, int queueCapacity, Duration retention, Duration lease, Duration shutdownTimeout) {
        public Tasks {
            positive(workers, "tasks.workers");
            positive(lease, "tasks.lease");
            positive(queueCapacity, "tasks.queue-capacity");
            positive(retention, "tasks.retention");
            Objects.requireNonNull(shutdownTimeout, "shutdown.timeout");
        }
    }

    private final Http http;
    private final Storage storage;
    private final Keys keys;
    private final Limits limits;
    private final Judging judging;
    private final Tasks tasks;

    private ServerConfig(Builder b) {
        this.http = new Http(b.host, b.port, b.maxBodyBytes, b.maxInFlight);
        this.storage = new Storage(b.databaseUrl, b.databaseUser, b.databasePassword, b.databasePoolSize);
        this.keys = new Keys(b.apiKeys, b.devMode, b.metricsRequireKey);
        this.limits = new Limits(b.requestsPerHour, (int) notNegative(b.concurrentRequests, "rate-limit.concurrent"), b.monthlyTokenQuota);
        this.judging = new Judging(b.judges, b.defaultJudge, b.judgeTimeout, b.cacheEnabled, b.cacheMaxEntries);
        this.tasks = new Tasks(b.workers, b.queueCapacity, b.taskRetention, b.taskLease, b.shutdownTimeout);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return builder().host(http.host()).port(http.port()).maxBodyBytes(http.maxBodyBytes()).maxInFlight(http.maxInFlight())
                .databaseUrl(storage.url()).databaseUser(storage.user()).databasePassword(storage.password())
                .databasePoolSize(storage.poolSize())
                .apiKeys(keys.apiKeys()).devMode(keys.devMode()).metricsRequireKey(keys.metricsRequireKey())
                .requestsPerHour(limits.requestsPerHour()).concurrentRequests(limits.concurrentRequests())
                .monthlyTokenQuota(limits.monthlyTokenQuota())
                .judges(judging.judges()).defaultJudge(judging.defaultJudge()).judgeTimeout(judging.timeout())
                .cacheEnabled(judging.cacheEnabled()).cacheMaxEntries(judging.cacheMaxEntries())
                .workers(tasks.workers()).queueCapacity(tasks.queueCapacity()).taskRetention(tasks.retention())
                .taskLease(tasks.lease()).shutdownTimeout(tasks.shutdownTimeout());
    }

    public Http http() {
        return http;
    }

    public Storage storage() {
        return storage;
    }

    public Keys keys() {
        return keys;
    }

    public Limits limits() {
        return limits;
    }

    public Judging judging() {
        return judging;
    }

    public Tasks tasks() {
        return tasks;
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

    // The flat accessors of the settings, as the property keys name them.

    public String host() {
        return http.host();
    }

    public int port() {
        return http.port();
    }

    public String databaseUrl() {
        return storage.url();
    }

    public Optional<String> databaseUser() {
        return Optional.ofNullable(storage.user());
    }

    public Optional<String> databasePassword() {
        return Optional.ofNullable(storage.password());
    }

    public int databasePoolSize() {
        return storage.poolSize();
    }

    public boolean isPostgres() {
        return storage.isPostgres();
    }

    /** Keys accepted from configuration (besides the keys stored in the database). */
    public List<String> apiKeys() {
        return keys.apiKeys();
    }

    public boolean devMode() {
        return keys.devMode();
    }

    public long requestsPerHour() {
        return limits.requestsPerHour();
    }

    public int concurrentRequests() {
        return limits.concurrentRequests();
    }

    public long maxBodyBytes() {
        return http.maxBodyBytes();
    }

    public int maxInFlight() {
        return http.maxInFlight();
    }

    public boolean cacheEnabled() {
        return judging.cacheEnabled();
    }

    public int cacheMaxEntries() {
        return judging.cacheMaxEntries();
    }

    public List<JudgeConfig> judges() {
        return judging.judges();
    }

    public Optional<String> defaultJudge() {
        return Optional.ofNullable(judging.defaultJudge());
    }

    public Duration judgeTimeout() {
        return judging.timeout();
    }

    public int workers() {
        return tasks.workers();
    }

    public int queueCapacity() {
        return tasks.queueCapacity();
    }

    public Duration taskRetention() {
        return tasks.retention();
    }

    public Duration taskLease() {
        return tasks.lease();
    }

    public Duration shutdownTimeout() {
        return tasks.shutdownTimeout();
    }

    public boolean metricsRequireKey() {
        return keys.metricsRequireKey();
    }

    public long monthlyTokenQuota() {
        return limits.monthlyTokenQuota();
    }

    @Override
    public String toString() {
        // never prints keys or passwords
        return "ServerConfig{host=" + host() + ", port=" + port() + ", database=" + storage + ", apiKeys=" + apiKeys().size()
                + ", dev=" + devMode() + ", judges=" + judges().stream().map(JudgeConfig::name).toList()
                + ", defaultJudge=" + judging.defaultJudge() + ", cache=" + cacheEnabled() + "}";
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
        private Duration taskLease = Duration.ofSeconds(60);
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

        /** How long a claim on a running task outlives its node's last heartbeat before another node may take the task. */
        public Builder taskLease(Duration taskLease) {
            this.taskLease = taskLease;
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

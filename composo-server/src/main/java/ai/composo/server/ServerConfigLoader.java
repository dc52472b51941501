package ai.composo.server;

import ai.composo.judge.JudgeConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads a {@link ServerConfig} from its sources: a properties file, the {@code COMPOSO_*} environment and overrides
 * (later sources win), refusing unknown keys and naming the source and key of any bad value.
 */
final class ServerConfigLoader {
    static final Map<String, String> KEYS;

    static {
        Map<String, String> k = new LinkedHashMap<>();
        k.put("host", "address to bind (default 127.0.0.1)");
        k.put("port", "port to listen on; 0 picks a free port (default 8080)");
        k.put("database.url", "JDBC URL: jdbc:sqlite:<file> (default " + ServerConfig.DEFAULT_DATABASE_URL + ") or jdbc:postgresql://...");
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
        k.put("tasks.lease", "how long a running task's claim survives its node's last heartbeat before another node takes it over (default 60s)");
        k.put("shutdown.timeout", "how long close() waits for in-flight work (default 30s)");
        k.put("metrics.require-key", "whether /metrics needs an API key (default true)");
        k.put("usage.monthly-token-quota", "monthly_token_quota reported by /api/v1/usage; 0 = none (default 0)");
        KEYS = Collections.unmodifiableMap(k);
    }

    private ServerConfigLoader() {}

    /**
     * Reads the configuration: defaults, then {@code configFile} (properties; may be null), then the
     * environment ({@code COMPOSO_} + the key in upper case with {@code .} and {@code -} as {@code _},
     * e.g. {@code COMPOSO_DATABASE_URL}), then {@code overrides} (property keys, e.g. from command-line
     * flags). Judges are configured as {@code judge.<name>.type=<type>} plus {@code judge.<name>.<setting>}.
     * Throws {@link IllegalArgumentException} naming the source and key of any bad value.
     */
    static ServerConfig load(Path configFile, Map<String, String> environment, Map<String, String> overrides) {
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
    static String environmentVariable(String key) {
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
        ServerConfig.Builder b = ServerConfig.builder();
        Map<String, Map<String, String>> judgeSettings = new TreeMap<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            String key = e.getKey();
            String v = e.getValue();
            String where = "'" + key + "' (" + sourceOf.get(key) + ")";
            try {
                switch (key) {
                    case "host" -> b.host(v);
                    case "port" -> b.port(ServerConfig.parseInt(v));
                    case "database.url" -> b.databaseUrl(v);
                    case "database.user" -> b.databaseUser(v);
                    case "database.password" -> b.databasePassword(v);
                    case "database.pool-size" -> b.databasePoolSize(ServerConfig.parseInt(v));
                    case "api-keys" -> {
                        for (String k : v.split(",")) {
                            if (!k.isBlank()) {
                                b.apiKey(k.strip());
                            }
                        }
                    }
                    case "dev" -> b.devMode(ServerConfig.parseBoolean(v));
                    case "rate-limit.requests-per-hour" -> b.requestsPerHour(ServerConfig.parseLong(v));
                    case "rate-limit.concurrent" -> b.concurrentRequests(ServerConfig.parseInt(v));
                    case "limits.max-body-size" -> b.maxBodyBytes(ServerConfig.parseSize(v));
                    case "limits.max-in-flight" -> b.maxInFlight(ServerConfig.parseInt(v));
                    case "cache.enabled" -> b.cacheEnabled(ServerConfig.parseBoolean(v));
                    case "cache.max-entries" -> b.cacheMaxEntries(ServerConfig.parseInt(v));
                    case "judges.default" -> b.defaultJudge(v);
                    case "judge.timeout" -> b.judgeTimeout(ServerConfig.parseDuration(v));
                    case "tasks.workers" -> b.workers(ServerConfig.parseInt(v));
                    case "tasks.queue-capacity" -> b.queueCapacity(ServerConfig.parseInt(v));
                    case "tasks.retention" -> b.taskRetention(ServerConfig.parseDuration(v));
                    case "tasks.lease" -> b.taskLease(ServerConfig.parseDuration(v));
                    case "shutdown.timeout" -> b.shutdownTimeout(ServerConfig.parseDuration(v));
                    case "metrics.require-key" -> b.metricsRequireKey(ServerConfig.parseBoolean(v));
                    case "usage.monthly-token-quota" -> b.monthlyTokenQuota(ServerConfig.parseLong(v));
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
}

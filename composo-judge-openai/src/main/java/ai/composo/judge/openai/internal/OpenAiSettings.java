package ai.composo.judge.openai.internal;

import ai.composo.judge.JudgeConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The validated settings of one OpenAI-compatible judge. The API key is read from the environment variable
 * that {@code api-key-env} names and is never part of {@link #toString()}. Not API.
 */
public final class OpenAiSettings {

    /** auto: use the feature and fall back when the endpoint rejects it; on: require it; off: never ask. */
    public enum Mode { AUTO, ON, OFF }

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);
    public static final int DEFAULT_MAX_CONCURRENT = 4;
    public static final int DEFAULT_RETRIES = 2;
    public static final int DEFAULT_FORMAT_RETRIES = 2;
    public static final int DEFAULT_SEED = 42;
    public static final int DEFAULT_MAX_TOKENS = 1024;
    public static final int TOP_LOGPROBS = 10;

    static final Set<String> KEYS = Set.of("type", "base-url", "model", "api-key-env", "timeout", "max-concurrent",
            "retries", "format-retries", "logprobs", "json-schema", "seed", "max-tokens", "deterministic", "samples", "temperature");
    public static final int MAX_SAMPLES = 20;
    /** The temperature of samples when several are taken and none is configured: enough to vary, not to ramble. */
    public static final double DEFAULT_SAMPLING_TEMPERATURE = 0.7;

    private final String name;
    private final URI chatCompletionsUri;
    private final String baseUrl;
    private final String model;
    private final String apiKey;
    private final String apiKeyEnv;
    private final Duration timeout;
    private final int maxConcurrent;
    private final int retries;
    private final int formatRetries;
    private final Mode logprobs;
    private final Mode jsonSchema;
    private final int seed;
    private final int maxTokens;
    private final boolean deterministic;
    private final int samples;
    private final double temperature;

    private OpenAiSettings(JudgeConfig c) {
        Set<String> unknown = new TreeSet<>(c.settings().keySet());
        unknown.removeAll(KEYS);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("judge '" + c.name() + "': unknown setting(s) " + unknown
                    + " for type openai (accepted: " + new TreeSet<>(KEYS) + ")");
        }
        this.name = c.name();
        this.baseUrl = stripSlash(c.require("base-url"));
        this.chatCompletionsUri = chatCompletions(baseUrl, c.name());
        this.model = c.require("model");
        this.apiKeyEnv = c.get("api-key-env").orElse(null);
        this.apiKey = c.secretFromEnvironment("api-key-env").orElse(null);
        this.timeout = c.getDuration("timeout", DEFAULT_TIMEOUT);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException(where(c, "timeout") + " must be positive, got '" + c.get("timeout", "") + "'");
        }
        this.maxConcurrent = atLeast(c, "max-concurrent", c.getInt("max-concurrent", DEFAULT_MAX_CONCURRENT), 1);
        this.retries = atLeast(c, "retries", c.getInt("retries", DEFAULT_RETRIES), 0);
        this.formatRetries = atLeast(c, "format-retries", c.getInt("format-retries", DEFAULT_FORMAT_RETRIES), 0);
        this.logprobs = mode(c, "logprobs");
        this.jsonSchema = mode(c, "json-schema");
        this.seed = c.getInt("seed", DEFAULT_SEED);
        this.maxTokens = atLeast(c, "max-tokens", c.getInt("max-tokens", DEFAULT_MAX_TOKENS), 16);
        this.deterministic = c.getBoolean("deterministic", false);
        this.samples = atLeast(c, "samples", c.getInt("samples", 1), 1);
        if (samples > MAX_SAMPLES) {
            throw new IllegalArgumentException(where(c, "samples") + " must be at most " + MAX_SAMPLES + ", got " + samples);
        }
        this.temperature = c.getDouble("temperature", samples > 1 ? DEFAULT_SAMPLING_TEMPERATURE : 0);
        if (!(temperature >= 0 && temperature <= 2)) {
            throw new IllegalArgumentException(where(c, "temperature") + " must be between 0 and 2, got " + c.get("temperature", ""));
        }
    }

    /** Samples per evaluation: the verdict is their mean (k calls with seeds seed, seed+1, …). */
    public int samples() {
        return samples;
    }

    public double temperature() {
        return temperature;
    }

    /** Validates {@code config}; throws {@link IllegalArgumentException} naming the judge and the setting. */
    public static OpenAiSettings from(JudgeConfig config) {
        return new OpenAiSettings(config);
    }

    private static URI chatCompletions(String baseUrl, String judge) {
        try {
            URI uri = new URI(baseUrl + "/chat/completions");
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw new URISyntaxException(baseUrl, "expected an http:// or https:// URL with a host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("judge '" + judge + "': setting 'base-url' must be an http(s) URL such as "
                    + "http://localhost:11434/v1, got '" + baseUrl + "'");
        }
    }

    private static String stripSlash(String url) {
        String u = url.strip();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u;
    }

    private static Mode mode(JudgeConfig c, String key) {
        String v = c.get(key, "auto").toLowerCase(Locale.ROOT);
        switch (v) {
            case "auto": return Mode.AUTO;
            case "on": case "true": return Mode.ON;
            case "off": case "false": return Mode.OFF;
            default:
                throw new IllegalArgumentException(where(c, key) + " must be auto, on or off, got '" + v + "'");
        }
    }

    private static int atLeast(JudgeConfig c, String key, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(where(c, key) + " must be at least " + min + ", got " + value);
        }
        return value;
    }

    private static String where(JudgeConfig c, String key) {
        return "judge '" + c.name() + "': setting '" + key + "'";
    }

    public String name() {
        return name;
    }

    public String baseUrl() {
        return baseUrl;
    }

    public URI chatCompletionsUri() {
        return chatCompletionsUri;
    }

    public String model() {
        return model;
    }

    /** The API key, when {@code api-key-env} names one. Never log it. */
    public Optional<String> apiKey() {
        return Optional.ofNullable(apiKey);
    }

    /** Total time for one evaluation, HTTP retries and format retries included. */
    public Duration timeout() {
        return timeout;
    }

    public int maxConcurrent() {
        return maxConcurrent;
    }

    /** HTTP retries (429, 5xx, I/O) after the first attempt. */
    public int retries() {
        return retries;
    }

    /** Extra requests when the model's answer cannot be read. */
    public int formatRetries() {
        return formatRetries;
    }

    public Mode logprobs() {
        return logprobs;
    }

    public Mode jsonSchema() {
        return jsonSchema;
    }

    public int seed() {
        return seed;
    }

    public int maxTokens() {
        return maxTokens;
    }

    public boolean deterministic() {
        return deterministic;
    }

    @Override
    public String toString() {
        return "OpenAiSettings{name=" + name + ", base-url=" + baseUrl + ", model=" + model
                + (apiKeyEnv == null ? "" : ", api-key-env=" + apiKeyEnv) + ", timeout=" + timeout
                + ", max-concurrent=" + maxConcurrent + ", retries=" + retries + ", format-retries=" + formatRetries
                + ", logprobs=" + logprobs + ", json-schema=" + jsonSchema + ", seed=" + seed + ", max-tokens=" + maxTokens
                + ", deterministic=" + deterministic + "}";
    }
}

package ai.composo;

import ai.composo.internal.http.Transport;
import ai.composo.internal.time.Sleeper;
import ai.composo.internal.time.TimeSource;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Random;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/** The options both builders share, validated as they are set. */
final class ClientConfig {
    static final String DEFAULT_BASE_URL = "https://platform.composo.ai";
    static final String API_KEY_ENV = "COMPOSO_API_KEY";
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    static final int DEFAULT_MAX_CONCURRENT_REQUESTS = 5;

    String apiKey;
    URI baseUrl = URI.create(DEFAULT_BASE_URL);
    int numRetries = ai.composo.internal.retry.RetryPolicy.DEFAULT_MAX_RETRIES;
    String modelCore;
    Duration timeout = DEFAULT_TIMEOUT;
    Duration attemptTimeout;
    Duration connectTimeout = Duration.ofSeconds(10);
    int maxConcurrentRequests = DEFAULT_MAX_CONCURRENT_REQUESTS;
    boolean adaptiveConcurrency;
    java.util.concurrent.Executor executor;

    // Test seams (package-private on the builders).
    Function<String, String> environment = System::getenv;
    TimeSource time = TimeSource.system();
    Sleeper sleeper = Sleeper.system();
    RandomGenerator random = new Random();
    Transport transport;

    void apiKey(String apiKey) {
        if (apiKey != null && apiKey.isBlank()) {
            throw new IllegalArgumentException("apiKey must not be blank");
        }
        this.apiKey = apiKey;
    }

    void baseUrl(String baseUrl) {
        Objects.requireNonNull(baseUrl, "baseUrl");
        String trimmed = baseUrl.strip();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        URI uri;
        try {
            uri = URI.create(trimmed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("baseUrl is not a valid URL: " + baseUrl, e);
        }
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                || uri.getHost() == null) {
            throw new IllegalArgumentException("baseUrl must be an http:// or https:// URL with a host, got: " + baseUrl);
        }
        this.baseUrl = uri;
    }

    void numRetries(int numRetries) {
        if (numRetries < 1) {
            throw new IllegalArgumentException("numRetries is the number of retries after the first attempt and must be"
                    + " at least 1 (retries cannot be disabled), got " + numRetries);
        }
        this.numRetries = numRetries;
    }

    void timeout(Duration timeout) {
        this.timeout = positive(timeout, "timeout");
    }

    void attemptTimeout(Duration attemptTimeout) {
        this.attemptTimeout = attemptTimeout == null ? null : positive(attemptTimeout, "attemptTimeout");
    }

    void connectTimeout(Duration connectTimeout) {
        this.connectTimeout = positive(connectTimeout, "connectTimeout");
    }

    void maxConcurrentRequests(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("maxConcurrentRequests must be at least 1, got " + max);
        }
        this.maxConcurrentRequests = max;
    }

    /** The API key: explicit, else {@code COMPOSO_API_KEY}; never echoed in messages. */
    String resolveApiKey() {
        if (apiKey != null) {
            return apiKey;
        }
        String env = environment.apply(API_KEY_ENV);
        if (env == null || env.isBlank()) {
            throw new IllegalStateException("No Composo API key: pass one with .apiKey(\"cp-...\") on the builder or set"
                    + " the environment variable " + API_KEY_ENV);
        }
        return env.strip();
    }

    void validate() {
        if (attemptTimeout != null && attemptTimeout.compareTo(timeout) > 0) {
            throw new IllegalArgumentException("attemptTimeout (" + attemptTimeout + ") must not exceed the total timeout ("
                    + timeout + ")");
        }
    }

    private static Duration positive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, got " + d);
        }
        return d;
    }
}

package ai.composo;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * The options {@link Composo.Builder} and {@link AsyncComposo.Builder} share; they mirror the Python
 * clients' constructor arguments. Not meant to be extended outside this package.
 *
 * @param <B> the concrete builder, returned by every option so that calls chain
 */
public abstract class ClientBuilder<B extends ClientBuilder<B>> {
    final ClientConfig config = new ClientConfig();

    ClientBuilder() {}

    abstract B self();

    /** The API key; when not set, the environment variable {@code COMPOSO_API_KEY} is used. */
    public B apiKey(String apiKey) {
        config.apiKey(apiKey);
        return self();
    }

    /** Default {@code https://platform.composo.ai}; a trailing slash is tolerated. */
    public B baseUrl(String baseUrl) {
        config.baseUrl(baseUrl);
        return self();
    }

    /** Retries after the first attempt, at least 1 (default 1). Only retryable failures are retried. */
    public B numRetries(int numRetries) {
        config.numRetries(numRetries);
        return self();
    }

    /** Sent as {@code model_core} on every request unless a request sets its own. */
    public B modelCore(String modelCore) {
        config.modelCore = modelCore;
        return self();
    }

    /** Total time one evaluation may take, all retries and waits included (default 60 s). */
    public B timeout(Duration timeout) {
        config.timeout(timeout);
        return self();
    }

    /** Optional limit for one HTTP attempt (must not exceed {@code timeout}); an expired attempt is retried. */
    public B attemptTimeout(Duration attemptTimeout) {
        config.attemptTimeout(attemptTimeout);
        return self();
    }

    /** Limit for opening a connection (default 10 s). */
    public B connectTimeout(Duration connectTimeout) {
        config.connectTimeout(connectTimeout);
        return self();
    }

    B testHooks(Consumer<ClientConfig> hooks) {
        hooks.accept(config);
        return self();
    }
}

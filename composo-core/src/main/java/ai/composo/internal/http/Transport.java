package ai.composo.internal.http;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The only layer that knows HTTP: sends one request, once. No retries, no status handling: any status is a
 * {@link Response}. Retry, deadline, permits and auth are layered above it. Not API.
 */
public interface Transport extends AutoCloseable {

    /**
     * Sends the request on the calling thread.
     *
     * @param timeout the longest this attempt may take, or null for no limit; expiry throws
     *                {@link java.net.http.HttpTimeoutException}
     */
    Response execute(Request request, Duration timeout) throws IOException, InterruptedException;

    /**
     * Sends the request without blocking. Cancelling the returned future cancels the HTTP exchange.
     * Failures complete the future with the {@link IOException} (including
     * {@link java.net.http.HttpTimeoutException} when {@code timeout} expires).
     */
    CompletableFuture<Response> executeAsync(Request request, Duration timeout);

    @Override
    void close();
}

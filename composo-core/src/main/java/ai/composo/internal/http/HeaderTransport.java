package ai.composo.internal.http;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The auth layer: a {@link Transport} decorator that sets fixed headers (for example {@code API-Key} and
 * {@code User-Agent}, or {@code Authorization: Bearer} for an OpenAI-compatible endpoint) on every request.
 * Not API.
 */
public final class HeaderTransport implements Transport {
    private final Transport delegate;
    private final Map<String, String> headers;

    public HeaderTransport(Transport delegate, Map<String, String> headers) {
        this.delegate = delegate;
        this.headers = new LinkedHashMap<>(headers);
    }

    private Request decorate(Request request) {
        return request.withHeaders(headers);
    }

    @Override
    public Response execute(Request request, Duration timeout) throws IOException, InterruptedException {
        return delegate.execute(decorate(request), timeout);
    }

    @Override
    public CompletableFuture<Response> executeAsync(Request request, Duration timeout) {
        return delegate.executeAsync(decorate(request), timeout);
    }

    @Override
    public void close() {
        delegate.close();
    }

    /** Header names only: values may be credentials. */
    @Override
    public String toString() {
        return "HeaderTransport" + headers.keySet();
    }
}

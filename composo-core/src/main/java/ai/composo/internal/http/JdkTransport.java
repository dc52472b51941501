package ai.composo.internal.http;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * {@link Transport} over the JDK {@link HttpClient}. Plain {@code http://} requests use HTTP/1.1 (no h2c
 * upgrade dance with local servers); {@code https://} negotiates HTTP/2 when the server offers it. Not API.
 */
public final class JdkTransport implements Transport {
    private static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient client;

    public JdkTransport() {
        this(DEFAULT_CONNECT_TIMEOUT, null);
    }

    /**
     * @param connectTimeout limit for establishing a connection
     * @param executor       executor for the client's callbacks, or null for the JDK default
     */
    public JdkTransport(Duration connectTimeout, Executor executor) {
        HttpClient.Builder b = HttpClient.newBuilder()
                .connectTimeout(connectTimeout == null ? DEFAULT_CONNECT_TIMEOUT : connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (executor != null) {
            b.executor(executor);
        }
        this.client = b.build();
    }

    public JdkTransport(HttpClient client) {
        this.client = client;
    }

    @Override
    public Response execute(Request request, Duration timeout) throws IOException, InterruptedException {
        return toResponse(client.send(toJdk(request, timeout), HttpResponse.BodyHandlers.ofString()));
    }

    @Override
    public CompletableFuture<Response> executeAsync(Request request, Duration timeout) {
        HttpRequest jdk;
        try {
            jdk = toJdk(request, timeout);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        // Since JDK 16, cancel(true) on this future cancels the exchange.
        CompletableFuture<HttpResponse<String>> sent = client.sendAsync(jdk, HttpResponse.BodyHandlers.ofString());
        CompletableFuture<Response> mapped = sent.thenApply(JdkTransport::toResponse);
        mapped.whenComplete((r, e) -> {
            if (mapped.isCancelled()) {
                sent.cancel(true);
            }
        });
        return mapped;
    }

    @Override
    public void close() {
        // JDK 17's HttpClient has no close(); its connections and selector thread go away once unreachable.
    }

    private static HttpRequest toJdk(Request request, Duration timeout) {
        HttpRequest.BodyPublisher body = request.body() == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(request.body());
        HttpRequest.Builder b = HttpRequest.newBuilder(request.uri()).method(request.method(), body);
        if ("http".equalsIgnoreCase(request.uri().getScheme())) {
            b.version(HttpClient.Version.HTTP_1_1);
        }
        if (timeout != null) {
            b.timeout(timeout.isNegative() || timeout.isZero() ? Duration.ofMillis(1) : timeout);
        }
        for (Map.Entry<String, String> h : request.headers().entrySet()) {
            b.setHeader(h.getKey(), h.getValue());
        }
        return b.build();
    }

    private static Response toResponse(HttpResponse<String> r) {
        return new Response(r.statusCode(), r.headers().map(), r.body());
    }
}

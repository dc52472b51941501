package ai.composo.internal.http;

import ai.composo.internal.time.Deadlines;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link Transport} over the JDK {@link HttpClient}. Plain {@code http://} requests use HTTP/1.1 (no h2c
 * upgrade dance with local servers); {@code https://} negotiates HTTP/2 when the server offers it. Not API.
 *
 * <p>Costs measured in {@code composo-bench} (BENCHMARKS.md, SDK): the {@code HttpClient}'s default executor is
 * a cached pool that hands every I/O task to another parked thread; a small fixed pool ({@link #defaultExecutor()})
 * does the same work with about half the CPU. Async attempt deadlines are {@link Deadlines} on the shared timer
 * thread instead of {@link HttpRequest.Builder#timeout}, because each request with a timeout wakes the client's
 * selector thread to register it.
 *
 * <p>Why async requests may use the blocking {@code send} on {@link Waiters}: {@code HttpClient.sendAsync} completes
 * its future through {@code CompletableFuture}'s default executor, which on JDK 17 on machines with one or two CPUs
 * (common-pool parallelism 1) starts a new thread for every response. {@code send} has no such hop; each in-flight
 * request then waits on a reused thread instead (a virtual thread where the JDK has them); the permit pool above
 * bounds how many. Where the default executor is a pool (a larger common pool, or any machine on JDK 25) the hop
 * costs no thread, and {@code sendAsync} needs less CPU than a waiting thread (measured in BENCHMARKS.md, SDK), so it
 * is used there.
 */
public final class JdkTransport implements Transport {
    private static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final HttpClient client;
    /** Null where the common pool has more than one thread (then {@code sendAsync} is used). */
    private final Waiters waiters = Waiters.forThisJvm();

    public JdkTransport() {
        this(DEFAULT_CONNECT_TIMEOUT, null);
    }

    /**
     * @param connectTimeout limit for establishing a connection
     * @param executor       executor for the client's I/O tasks, or null for {@link #defaultExecutor()}
     */
    public JdkTransport(Duration connectTimeout, Executor executor) {
        this.client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout == null ? DEFAULT_CONNECT_TIMEOUT : connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor == null ? defaultExecutor() : executor)
                .build();
    }

    public JdkTransport(HttpClient client) {
        this.client = client;
    }

    /**
     * A pool of min(4, CPUs) daemon threads that exit after 30 s idle, so a closed or unreachable client leaves no
     * thread behind without anyone shutting the pool down (JDK 17's {@code HttpClient} cannot be closed).
     */
    static Executor defaultExecutor() {
        int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        int pool = POOLS.incrementAndGet();
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = Executors.defaultThreadFactory().newThread(r);
                    t.setName("composo-http-" + pool + "-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    @Override
    public Response execute(Request request, Duration timeout) throws IOException, InterruptedException {
        return toResponse(client.send(toJdk(request, timeout), HttpResponse.BodyHandlers.ofString()));
    }

    @Override
    public CompletableFuture<Response> executeAsync(Request request, Duration timeout) {
        HttpRequest jdk;
        try {
            jdk = toJdk(request, null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Response> mapped = new CompletableFuture<>();
        java.util.concurrent.Future<?> exchange;
        try {
            exchange = waiters == null ? sendAsync(jdk, mapped) : sendOnWaiter(jdk, mapped);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new IOException("the HTTP transport is closed", e));
        }
        Deadlines.Handle timer = timeout == null ? null : Deadlines.shared().after(positive(timeout), () -> {
            if (mapped.completeExceptionally(new HttpTimeoutException("request timed out after "
                    + positive(timeout).toMillis() + " ms"))) {
                exchange.cancel(true);
            }
        });
        mapped.whenComplete((r, e) -> {
            if (timer != null) {
                timer.cancel();
            }
            if (mapped.isCancelled()) {
                exchange.cancel(true);
            }
        });
        return mapped;
    }

    /** Where the common pool has several threads: its hop costs no thread, and is cheaper than a waiting thread. */
    private java.util.concurrent.Future<?> sendAsync(HttpRequest jdk, CompletableFuture<Response> mapped) {
        // Since JDK 16, cancel(true) on this future cancels the exchange.
        CompletableFuture<HttpResponse<String>> sent = client.sendAsync(jdk, HttpResponse.BodyHandlers.ofString());
        sent.whenComplete((r, e) -> {
            if (e != null) {
                mapped.completeExceptionally(e instanceof CompletionException ? e : new CompletionException(e));
            } else {
                try {
                    mapped.complete(toResponse(r));
                } catch (RuntimeException ex) {
                    mapped.completeExceptionally(new CompletionException(ex));
                }
            }
        });
        return sent;
    }

    /** Where it has one: the blocking send on a waiting thread, which has no per-response thread. */
    private java.util.concurrent.Future<?> sendOnWaiter(HttpRequest jdk, CompletableFuture<Response> mapped) {
        // send() cancels its exchange when the waiting thread is interrupted (JDK 16+): that is how a deadline or a
        // cancelled future stops the request.
        return waiters.submit(() -> {
            try {
                mapped.complete(toResponse(client.send(jdk, HttpResponse.BodyHandlers.ofString())));
            } catch (InterruptedException e) {
                mapped.completeExceptionally(new CompletionException(new java.io.InterruptedIOException("request cancelled")));
            } catch (IOException | RuntimeException e) {
                mapped.completeExceptionally(new CompletionException(e));
            }
        });
    }

    @Override
    public void close() {
        // JDK 17's HttpClient has no close(); its connections and selector thread go away once unreachable. Waiting
        // threads finish the exchanges in flight (the client cancels its pending calls) and then end.
        if (waiters != null) {
            waiters.shutdown();
        }
    }

    private static Duration positive(Duration timeout) {
        return timeout.isNegative() || timeout.isZero() ? Duration.ofMillis(1) : timeout;
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
            b.timeout(positive(timeout));
        }
        for (Map.Entry<String, String> h : request.headers().entrySet()) {
            b.setHeader(h.getKey(), h.getValue());
        }
        return b.build();
    }

    private static Response toResponse(HttpResponse<String> r) {
        return Response.trusted(r.statusCode(), r.headers().map(), r.body());
    }
}

package ai.composo.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A real HTTP server on 127.0.0.1 and a free port for tests: replies from a script (then a default), records
 * every request, and counts how many requests are in flight at once.
 */
public final class TestServer implements AutoCloseable {
    static {
        // Without TCP_NODELAY, Nagle plus delayed ACKs add ~40 ms to every exchange with the JDK server.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final ConcurrentLinkedQueue<Reply> script = new ConcurrentLinkedQueue<>();
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicInteger aborted = new AtomicInteger();
    private final AtomicInteger threadsStarted = new AtomicInteger();
    private volatile Function<Recorded, Reply> fallback = r -> Reply.json(200, "{\"score\":1.0,\"explanation\":\"ok\"}");
    private volatile Runnable onRequest = () -> { };

    public TestServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        executor = Executors.newCachedThreadPool(r -> {
            threadsStarted.incrementAndGet();
            Thread t = new Thread(r, "test-server");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public URI uri(String path) {
        return URI.create(uri() + path);
    }

    public TestServer enqueue(Reply... replies) {
        script.addAll(List.of(replies));
        return this;
    }

    public TestServer fallback(Function<Recorded, Reply> fallback) {
        this.fallback = fallback;
        return this;
    }

    /** Runs when a request arrives, before its reply (for example to advance a fake clock). */
    public TestServer onRequest(Runnable onRequest) {
        this.onRequest = onRequest;
        return this;
    }

    public List<Recorded> requests() {
        return new ArrayList<>(requests);
    }

    /** Threads the server's own pool has started (so a test can tell them from the client's). */
    public int threadsStarted() {
        return threadsStarted.get();
    }

    public int requestCount() {
        return requests.size();
    }

    public int maxInFlight() {
        return maxInFlight.get();
    }

    public int inFlight() {
        return inFlight.get();
    }

    /** Replies whose write failed because the client had gone (a cancelled exchange). */
    public int aborted() {
        return aborted.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        boolean counted = true;
        try (InputStream in = ex.getRequestBody()) {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), List.copyOf(v)));
            Recorded rec = new Recorded(ex.getRequestMethod(), ex.getRequestURI().toString(), headers,
                    new String(in.readAllBytes(), StandardCharsets.UTF_8));
            requests.add(rec);
            onRequest.run();
            Reply reply = script.poll();
            if (reply == null) {
                reply = fallback.apply(rec);
            }
            if (reply.delayMillis > 0) {
                Thread.sleep(reply.delayMillis);
            }
            // Stop counting before answering: once the client has the answer it may start its next request
            // while this thread is still closing the exchange.
            inFlight.decrementAndGet();
            counted = false;
            if (reply.disconnect) {
                ex.getResponseBody().close(); // no status line: the client sees the connection close
                return;
            }
            byte[] body = reply.body.getBytes(StandardCharsets.UTF_8);
            reply.headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
            ex.sendResponseHeaders(reply.status, body.length == 0 ? -1 : body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        } catch (IOException e) {
            aborted.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (counted) {
                inFlight.decrementAndGet();
            }
            ex.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A recorded request; header names are lower-cased. */
    public record Recorded(String method, String path, Map<String, List<String>> headers, String body) {
        public String header(String name) {
            List<String> v = headers.get(name.toLowerCase());
            return v == null || v.isEmpty() ? null : v.get(0);
        }
    }

    public static final class Reply {
        final int status;
        final Map<String, String> headers = new LinkedHashMap<>();
        final String body;
        long delayMillis;
        boolean disconnect;

        private Reply(int status, String body) {
            this.status = status;
            this.body = body;
        }

        public static Reply json(int status, String body) {
            Reply r = new Reply(status, body);
            r.headers.put("Content-Type", "application/json");
            return r;
        }

        public static Reply text(int status, String body) {
            return new Reply(status, body);
        }

        public static Reply detail(int status, String detail) {
            return json(status, "{\"detail\":\"" + detail + "\"}");
        }

        public static Reply disconnectAfterRequest() {
            Reply r = new Reply(0, "");
            r.disconnect = true;
            return r;
        }

        public Reply header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        public Reply delay(long millis) {
            this.delayMillis = millis;
            return this;
        }
    }
}

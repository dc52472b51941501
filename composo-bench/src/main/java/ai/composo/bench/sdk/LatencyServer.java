package ai.composo.bench.sdk;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in for the evaluation API with a fixed latency: every POST is answered with a fixed evaluation after
 * {@code L} ms. The wait parks no thread (the exchange is finished later by a timer), so the server holds
 * thousands of in-flight requests with a few threads. Runs in its own JVM so the client's CPU can be measured
 * apart. Usage: {@code LatencyServer <latencyMillis>}; prints {@code PORT <n>} and serves until stdin closes.
 */
public final class LatencyServer {
    private static final byte[] BODY = "{\"score\":0.9,\"explanation\":\"Correct and concise.\",\"sources\":[]}"
            .getBytes(StandardCharsets.UTF_8);

    private LatencyServer() {}

    public static void main(String[] args) throws Exception {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        // The JDK server closes any connection that finishes a response while 200 (the default) are idle; at
        // C = 1024 that closed most keep-alive connections after every response (thousands in TIME_WAIT, a new
        // TCP connection per request on both sides), so the bench measured connection churn, not the client.
        System.setProperty("sun.net.httpserver.maxIdleConnections", "100000");
        long latencyMillis = Long.parseLong(args[0]);
        ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
        AtomicLong served = new AtomicLong();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.createContext("/", ex -> {
            try (InputStream in = ex.getRequestBody()) {
                in.readAllBytes();
            }
            if (latencyMillis <= 0) {
                reply(ex, served);
            } else {
                timer.schedule(() -> reply(ex, served), latencyMillis, TimeUnit.MILLISECONDS);
            }
        });
        server.start();
        System.out.println("PORT " + server.getAddress().getPort());
        System.out.flush();
        while (System.in.read() >= 0) {
            // serve until the parent closes our stdin
        }
        server.stop(0);
        timer.shutdownNow();
        System.exit(0);
    }

    private static void reply(HttpExchange ex, AtomicLong served) {
        try {
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, BODY.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(BODY);
            }
            served.incrementAndGet();
        } catch (IOException e) {
            // client went away
        } finally {
            ex.close();
        }
    }
}

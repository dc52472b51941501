package ai.composo.bench.server;

import ai.composo.judge.JudgeConfig;
import ai.composo.server.ComposoServer;
import ai.composo.server.ServerConfig;
import io.javalin.Javalin;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Server benchmarks (issue 3), everything over loopback in one JVM:
 * <ul>
 * <li>{@code throughput [seconds=10] [concurrency=64]}: {@code POST /api/v1/evals/reward} with the no-op judge
 * (full path: auth, rate-limit accounting, validation, judge registry, evaluation log) against a bare Javalin
 * endpoint that reads the body and returns the same JSON. Rounds alternate bare / server to share the
 * machine's noise; the ratio of requests/s is the figure of merit (target ≥ 0.7).</li>
 * <li>{@code inflight [requests=5000] [delayMs=2000]}: that many evaluations in flight at once against a
 * judge that answers after the delay without holding a thread; reports wall time, server threads and
 * heap per in-flight request.</li>
 * </ul>
 * Run: {@code mvn -q -pl composo-bench -am package -DskipTests} then
 * {@code java -cp "$(cat composo-bench/target/classpath.txt)" ai.composo.bench.server.ServerBench throughput}.
 */
public final class ServerBench {
    static final String BODY = "{\"messages\":[{\"role\":\"user\",\"content\":\"What is the capital of Australia?\"},"
            + "{\"role\":\"assistant\",\"content\":\"Canberra.\"}],"
            + "\"evaluation_criteria\":\"Reward responses that answer the question correctly and briefly\"}";
    static final String RESPONSE = "{\"score\":1.0,\"explanation\":\"noop judge\",\"sources\":[],"
            + "\"metadata\":{\"judge\":\"noop\",\"cache_hit\":false}}";

    private ServerBench() {}

    public static void main(String[] args) throws Exception {
        // request lines would dominate a no-op benchmark; everything else stays as in production
        System.setProperty("org.slf4j.simpleLogger.log.ai.composo.server.access", "warn");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        String mode = args.length > 0 ? args[0] : "throughput";
        System.out.printf(Locale.ROOT, "# JVM %s, %d CPUs, max heap %d MB%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        if (mode.equals("inflight")) {
            inflight(args.length > 1 ? Integer.parseInt(args[1]) : 5000, args.length > 2 ? Long.parseLong(args[2]) : 2000);
        } else {
            throughput(args.length > 1 ? Integer.parseInt(args[1]) : 10, args.length > 2 ? Integer.parseInt(args[2]) : 64);
        }
    }

    /**
     * SQLite in {@code dir} unless {@code -Dbench.databaseUrl} names another database (PostgreSQL: then a key's
     * hourly budget lives in the database, one transaction per request); {@code -Dbench.requestsPerHour} sets the
     * per-key budget (default 0 = unlimited, no accounting).
     */
    static ComposoServer server(Path dir, String delay, int maxInFlight) {
        ServerConfig.Builder b = ServerConfig.builder().port(0).devMode(true)
                .judge(JudgeConfig.of("noop", "noop", Map.of("delay", delay))).requestsPerHour(Long.getLong("bench.requestsPerHour", 0))
                .concurrentRequests(0).maxInFlight(maxInFlight).judgeTimeout(Duration.ofSeconds(60));
        String url = System.getProperty("bench.databaseUrl");
        return ComposoServer.start(url == null ? b.sqliteFile(dir.resolve("bench.db")).build() : b.databaseUrl(url).build());
    }

    record Round(String name, double rps, double p50ms, double p99ms, long errors) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%-7s %9.0f req/s   p50 %6.2f ms   p99 %6.2f ms   errors %d", name, rps, p50ms, p99ms, errors);
        }
    }

    static void throughput(int seconds, int concurrency) throws Exception {
        Path dir = Files.createTempDirectory("composo-bench");
        Javalin bare = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.jetty.host = "127.0.0.1";
            c.jetty.port = 0;
            c.routes.post("/api/v1/evals/reward", ctx -> {
                ctx.bodyAsBytes();
                ctx.contentType("application/json").result(RESPONSE);
            });
        }).start();
        try (ComposoServer server = server(dir, "0s", 10_000)) {
            String key = server.devApiKey().orElseThrow();
            String bareUrl = "http://127.0.0.1:" + bare.port() + "/api/v1/evals/reward";
            String serverUrl = server.baseUrl() + "/api/v1/evals/reward";
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String check = client.send(request(serverUrl, key), HttpResponse.BodyHandlers.ofString()).body();
            System.out.println("# server answers: " + check);
            System.out.printf(Locale.ROOT, "# concurrency %d, %d s per round, warm-up 5 s each%n", concurrency, seconds);
            run(client, "bare", bareUrl, key, concurrency, 5);
            run(client, "server", serverUrl, key, concurrency, 5);
            List<Round> rounds = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                rounds.add(run(client, "bare", bareUrl, key, concurrency, seconds));
                System.out.println(rounds.get(rounds.size() - 1));
                rounds.add(run(client, "server", serverUrl, key, concurrency, seconds));
                System.out.println(rounds.get(rounds.size() - 1));
            }
            double bareRps = rounds.stream().filter(r -> r.name().equals("bare")).mapToDouble(Round::rps).average().orElseThrow();
            double serverRps = rounds.stream().filter(r -> r.name().equals("server")).mapToDouble(Round::rps).average().orElseThrow();
            System.out.printf(Locale.ROOT, "RESULT bare %.0f req/s, server %.0f req/s, ratio %.2f (target >= 0.70)%n", bareRps, serverRps,
                    serverRps / bareRps);
        } finally {
            bare.stop();
        }
    }

    static HttpRequest request(String url, String key) {
        return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json").header("API-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(BODY)).build();
    }

    static Round run(HttpClient client, String name, String url, String key, int concurrency, int seconds) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long[][] lat = new long[concurrency][];
        int[] counts = new int[concurrency];
        AtomicInteger errors = new AtomicInteger();
        HttpRequest req = request(url, key);
        Thread[] threads = new Thread[concurrency];
        long start = System.nanoTime();
        for (int t = 0; t < concurrency; t++) {
            int id = t;
            lat[t] = new long[1 << 16];
            threads[t] = new Thread(() -> {
                while (System.nanoTime() < end) {
                    long s = System.nanoTime();
                    try {
                        HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() != 200) {
                            errors.incrementAndGet();
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                    if (counts[id] == lat[id].length) {
                        lat[id] = Arrays.copyOf(lat[id], lat[id].length * 2);
                    }
                    lat[id][counts[id]++] = System.nanoTime() - s;
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int pos = 0;
        for (int t = 0; t < concurrency; t++) {
            System.arraycopy(lat[t], 0, all, pos, counts[t]);
            pos += counts[t];
        }
        Arrays.sort(all);
        return new Round(name, total / elapsed, all[total / 2] / 1e6, all[(int) (total * 0.99)] / 1e6, errors.get());
    }

    static void inflight(int n, long delayMs) throws Exception {
        Path dir = Files.createTempDirectory("composo-bench");
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (ComposoServer server = ComposoServer.start(ServerConfig.builder().port(0).sqliteFile(dir.resolve("bench.db")).devMode(true)
                .judge(JudgeConfig.of("noop", "noop", Map.of("delay", delayMs + "ms")))
                .judge(JudgeConfig.of("hold", "noop", Map.of("delay", "60s"))).defaultJudge("noop")
                .requestsPerHour(0).concurrentRequests(0).maxInFlight(n + 100).judgeTimeout(Duration.ofSeconds(90)).build())) {
            String key = server.devApiKey().orElseThrow();
            ExecutorService clientPool = Executors.newFixedThreadPool(4);
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(clientPool)
                    .connectTimeout(Duration.ofSeconds(60)).build();
            client.send(request(server.baseUrl() + "/api/v1/evals/reward", key), HttpResponse.BodyHandlers.ofString());
            long heapBase = usedHeapAfterGc();
            int threadsBase = threads.getThreadCount();
            System.out.printf(Locale.ROOT, "# idle: %d JVM threads, %d Jetty threads, heap %.1f MB%n", threadsBase, jettyThreads(), heapBase / 1e6);

            // phase 1: n evaluations held by a 60 s judge; the connections they open stay pooled for phase 2
            threads.resetPeakThreadCount();
            long start = System.nanoTime();
            List<CompletableFuture<HttpResponse<String>>> held = submit(client, server, key, n, "hold");
            int peak = 0;
            long heapAtPeak = 0;
            int jettyAtPeak = 0;
            while (System.nanoTime() - start < 55_000_000_000L) {
                int inFlight = inFlight(client, server, key);
                if (inFlight > peak && inFlight >= n * 9 / 10) {
                    heapAtPeak = usedHeapAfterGc();
                    jettyAtPeak = jettyThreads();
                }
                peak = Math.max(peak, inFlight);
                if (inFlight >= n) {
                    heapAtPeak = usedHeapAfterGc();
                    jettyAtPeak = jettyThreads();
                    break;
                }
                Thread.sleep(200);
            }
            double reached = (System.nanoTime() - start) / 1e9;
            long ok1 = await(held);
            System.out.printf(Locale.ROOT, "RESULT hold: %d in flight at once after %.1f s (connections opened cold); %d/%d answered 200; "
                    + "Jetty threads at peak %d; JVM peak threads %d; heap at peak %.1f MB (idle %.1f MB) = %.1f KB per in-flight "
                    + "request, client side included%n", peak, reached, ok1, n, jettyAtPeak, threads.getPeakThreadCount(),
                    heapAtPeak / 1e6, heapBase / 1e6, heapAtPeak == 0 ? Double.NaN : (heapAtPeak - heapBase) / 1024.0 / peak);

            // phase 2: n evaluations against the 2 s judge over the warm connections
            threads.resetPeakThreadCount();
            start = System.nanoTime();
            List<CompletableFuture<HttpResponse<String>>> all = submit(client, server, key, n, "noop");
            int peak2 = 0;
            int jetty2 = 0;
            while (!all.stream().allMatch(CompletableFuture::isDone)) {
                int inFlight = inFlight(client, server, key);
                if (inFlight > peak2) {
                    peak2 = inFlight;
                    jetty2 = jettyThreads();
                }
                Thread.sleep(100);
            }
            long ok2 = await(all);
            double wall = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "RESULT %d ms judge: %d/%d answered 200 in %.2f s; peak in flight %d; Jetty threads at peak %d; "
                    + "JVM peak threads %d%n", delayMs, ok2, n, wall, peak2, jetty2, threads.getPeakThreadCount());
            clientPool.shutdownNow();
        }
    }

    static List<CompletableFuture<HttpResponse<String>>> submit(HttpClient client, ComposoServer server, String key, int n, String core) {
        String body = BODY.replace("{\"messages\"", "{\"model_core\":\"" + core + "\",\"messages\"");
        HttpRequest req = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/evals/reward"))
                .header("Content-Type", "application/json").header("API-Key", key).timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            all.add(client.sendAsync(req, HttpResponse.BodyHandlers.ofString()));
        }
        return all;
    }

    static long await(List<CompletableFuture<HttpResponse<String>>> all) {
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        all.stream().filter(CompletableFuture::isCompletedExceptionally).limit(1).forEach(f -> f.exceptionally(e -> {
            System.out.println("# first failure: " + e);
            return null;
        }));
        return all.stream().filter(f -> !f.isCompletedExceptionally() && f.join().statusCode() == 200).count();
    }

    static final Pattern IN_FLIGHT = Pattern.compile("(?m)^composo_inflight_evaluations (\\d+)");

    static int inFlight(HttpClient client, ComposoServer server, String key) throws Exception {
        String text;
        try {
            text = client.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/metrics")).header("API-Key", key).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        } catch (java.io.IOException e) {
            return -1; // a pooled connection the server closed; the next poll opens a new one
        }
        Matcher m = IN_FLIGHT.matcher(text);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    static int jettyThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("JettyServerThreadPool")).count();
    }

    static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}

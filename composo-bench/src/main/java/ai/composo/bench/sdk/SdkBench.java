package ai.composo.bench.sdk;

import ai.composo.AsyncComposo;
import ai.composo.BatchItem;
import ai.composo.BatchOptions;
import ai.composo.BatchStream;
import ai.composo.EvaluationRequest;
import ai.composo.model.EvaluationResponse;
import ai.composo.model.Message;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;

/**
 * SDK benchmark (issue 2): throughput against Little's-law bound C/L, client CPU per request and heap per
 * in-flight request for C in {1, 8, 64, 256, 1024}, L = 50 ms; and streaming 1,000,000 inputs through
 * {@code evaluateAll} with C = 64 (run with {@code -Xmx256m}). The server runs in a child JVM.
 *
 * <pre>
 * java -cp ... ai.composo.bench.sdk.SdkBench throughput [seconds=8] [latencyMs=50] [C...]
 * java -Xmx256m -cp ... ai.composo.bench.sdk.SdkBench stream [inputs=1000000] [latencyMs=5] [C=64]
 * </pre>
 */
public final class SdkBench {
    static final List<Message> CONVERSATION = List.of(
            Message.user("What is the capital of Australia?"), Message.assistant("Canberra."));
    static final String CRITERION = "Reward responses that answer the question correctly and briefly";

    private SdkBench() {}

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "throughput";
        System.out.printf(Locale.ROOT, "# JVM %s, %d CPUs, max heap %d MB%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        if (mode.equals("overhead")) {
            overhead(args.length > 1 ? Integer.parseInt(args[1]) : 200_000);
            return;
        }
        if (mode.equals("stream")) {
            long inputs = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000;
            long latency = args.length > 2 ? Long.parseLong(args[2]) : 5;
            int c = args.length > 3 ? Integer.parseInt(args[3]) : 64;
            try (ServerProcess server = ServerProcess.start(latency)) {
                stream(server.baseUrl, inputs, c);
            }
        } else {
            int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
            long latency = args.length > 2 ? Long.parseLong(args[2]) : 50;
            List<Integer> cs = concurrencies(args, 3);
            try (ServerProcess server = ServerProcess.start(latency)) {
                jvmWarmup(server, latency, Long.getLong("bench.jvmWarmupMs", 0));
                System.out.println("| C | bound C/L (req/s) | achieved (req/s) | ratio | client CPU / request (µs) | server CPU / request (µs) | heap / in-flight request (KB) | client CPU without JIT / request (µs) |");
                System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|");
                for (int c : cs) {
                    throughput(server, c, latency, seconds);
                }
            }
        }
    }

    /** The concurrency levels given from {@code args[from]} on; none given: 1, 8, 64, 256 and 1024. */
    static List<Integer> concurrencies(String[] args, int from) {
        List<Integer> cs = new ArrayList<>();
        for (int i = from; i < args.length; i++) {
            cs.add(Integer.parseInt(args[i]));
        }
        return cs.isEmpty() ? List.of(1, 8, 64, 256, 1024) : cs;
    }

    static AsyncComposo client(String baseUrl, int c) {
        AsyncComposo.Builder b = AsyncComposo.builder().apiKey("cp-bench").baseUrl(baseUrl).maxConcurrentRequests(c)
                .timeout(Duration.ofSeconds(120));
        Executor executor = benchExecutor();
        if (executor != null) {
            b.executor(executor);
        }
        return b.build();
    }

    /** {@code -Dbench.executor=direct|fixedN} overrides the HTTP client's executor; unset = the SDK's default. */
    static Executor benchExecutor() {
        String ex = System.getProperty("bench.executor", "");
        if (ex.equals("direct")) {
            return Runnable::run;
        } else if (ex.startsWith("fixed")) {
            return Executors.newFixedThreadPool(Integer.parseInt(ex.substring(5)), r -> {
                Thread t = new Thread(r, "bench-http");
                t.setDaemon(true);
                return t;
            });
        }
        return null;
    }

    /**
     * The floor for any client built on {@code java.net.http}: a bare {@link HttpClient} (HTTP/1.1, the same
     * executor choice) keeping C requests of the SDK's size and headers outstanding, with no SDK code at all.
     * {@code -Dbench.client=raw} runs the throughput table with it instead of {@link AsyncComposo}.
     */
    static final class RawLoad {
        final HttpClient http;
        final HttpRequest request;

        RawLoad(String baseUrl) {
            HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1);
            Executor executor = benchExecutor();
            b.executor(executor != null ? executor : Executors.newFixedThreadPool(
                    Math.min(4, Runtime.getRuntime().availableProcessors()), r -> {
                        Thread t = new Thread(r, "composo-http-raw");
                        t.setDaemon(true);
                        return t;
                    }));
            this.http = b.build();
            this.request = HttpRequest.newBuilder(java.net.URI.create(baseUrl + "/api/v1/evals/reward"))
                    .header("Content-Type", "application/json").header("API-Key", "cp-bench")
                    .header("User-Agent", "composo-java/bench").header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(RAW_BODY)).build();
        }

        void loop(AtomicBoolean running, LongAdder done, LongAdder failed) {
            if (!running.get()) {
                return;
            }
            http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
                if (e == null && r.statusCode() == 200) {
                    done.increment();
                } else {
                    failed.increment();
                }
                loop(running, done, failed);
            });
        }
    }

    /**
     * The other bare configuration: C threads, each looping on the blocking {@code HttpClient.send} (no async
     * completion hop at all). {@code -Dbench.client=raw-blocking}.
     */
    static final class RawBlockingLoad {
        private final RawLoad raw;

        RawBlockingLoad(String baseUrl) {
            this.raw = new RawLoad(baseUrl);
        }

        void start(int c, AtomicBoolean running, LongAdder done, LongAdder failed) {
            for (int i = 0; i < c; i++) {
                Thread t = new Thread(() -> {
                    while (running.get()) {
                        try {
                            HttpResponse<String> r = raw.http.send(raw.request, HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() == 200) {
                                done.increment();
                            } else {
                                failed.increment();
                            }
                        } catch (InterruptedException e) {
                            return;
                        } catch (Exception e) {
                            failed.increment();
                        }
                    }
                }, "bench-raw-blocking-" + i);
                t.setDaemon(true);
                t.start();
            }
        }
    }

    static final String RAW_BODY = "{\"messages\":[{\"role\":\"user\",\"content\":\"What is the capital of Australia?\"},"
            + "{\"role\":\"assistant\",\"content\":\"Canberra.\"}],\"evaluation_criteria\":\"" + CRITERION + "\"}";

    /** Keeps 2·C evaluations submitted (so the client's cap, not the driver, is the limit) for the run. */
    static void throughput(ServerProcess server, int c, long latencyMs, int seconds) throws Exception {
        throughput(server, c, latencyMs, seconds, true);
    }

    static void throughput(ServerProcess server, int c, long latencyMs, int seconds, boolean report) throws Exception {
        String baseUrl = server.baseUrl;
        String kind = System.getProperty("bench.client", "sdk");
        boolean raw = kind.startsWith("raw");
        try (AsyncComposo client = raw ? null : client(baseUrl, c)) {
            EvaluationRequest request = EvaluationRequest.of(CONVERSATION, CRITERION);
            LongAdder done = new LongAdder();
            LongAdder failed = new LongAdder();
            AtomicBoolean running = new AtomicBoolean(true);
            switch (kind) {
                case "raw-blocking" -> new RawBlockingLoad(baseUrl).start(c, running, done, failed);
                case "raw" -> {
                    RawLoad rawLoad = new RawLoad(baseUrl);
                    for (int i = 0; i < c; i++) {
                        rawLoad.loop(running, done, failed);
                    }
                }
                default -> {
                    for (int i = 0; i < 2 * c; i++) {
                        loop(client, request, running, done, failed);
                    }
                }
            }
            Thread.sleep(Long.getLong("bench.warmupMs", Math.max(2000, 4 * latencyMs))); // warm-up: JIT, connections
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = os.getProcessCpuTime();
            long serverCpu0 = ProcCpu.total(server.process.pid());
            java.util.Map<String, Long> threads0 = ProcCpu.byThreadGroup(ProcessHandle.current().pid());
            long gc0 = gcMillis();
            long jit0 = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
            long alloc0 = allocatedBytes();
            long started0 = ManagementFactory.getThreadMXBean().getTotalStartedThreadCount();
            long n0 = done.sum();
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            long n1 = done.sum();
            long t1 = System.nanoTime();
            long cpu1 = os.getProcessCpuTime();
            long serverCpu1 = ProcCpu.total(server.process.pid());
            java.util.Map<String, Long> threads1 = ProcCpu.byThreadGroup(ProcessHandle.current().pid());
            long gc1 = gcMillis();
            long jit1 = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
            long alloc1 = allocatedBytes();
            long started1 = ManagementFactory.getThreadMXBean().getTotalStartedThreadCount();
            running.set(false);
            if (Boolean.getBoolean("bench.cpuDetail")) {
                StringBuilder sb = new StringBuilder("  client CPU by thread group (ms, /proc, all native threads):");
                threads1.forEach((k, v) -> {
                    long d = (v - threads0.getOrDefault(k, 0L)) / 1_000_000;
                    if (d > 0) {
                        sb.append(' ').append(k).append('=').append(d);
                    }
                });
                sb.append("; GC pause ").append(gc1 - gc0).append(" ms, JIT ").append(jit1 - jit0).append(" ms (compiler wall time)");
                sb.append(String.format(Locale.ROOT, "; allocated %.1f KB/request (live threads), %d threads started",
                        (alloc1 - alloc0) / 1024.0 / Math.max(1, n1 - n0), started1 - started0));
                System.out.println(sb);
            }
            if (raw) {
                Thread.sleep(2 * latencyMs + 100); // the bare client has no in-flight counter: outlast the last round trip
            } else {
                while (client.stats().inFlight() > 0) {
                    Thread.sleep(10);
                }
            }
            if (!report) {
                System.out.printf(Locale.ROOT, "# JVM warm-up: %,d requests at C = %d in %d s%n", n1 - n0, c, seconds);
                return;
            }
            double rate = (n1 - n0) / ((t1 - t0) / 1e9);
            double bound = c * 1000.0 / latencyMs;
            double cpuPerReq = (cpu1 - cpu0) / 1000.0 / Math.max(1, n1 - n0);
            // The JIT compiler threads' share is a one-off warm-up cost, not a cost per request: at C = 1 a window has
            // about a hundred requests, so one late compilation moves the total by milliseconds per request.
            double jitPerReq = Math.max(0, compilerCpu(threads1) - compilerCpu(threads0)) / 1000.0 / Math.max(1, n1 - n0);
            double serverCpuPerReq = (serverCpu1 - serverCpu0) / 1000.0 / Math.max(1, n1 - n0);
            double heapPerInFlight = Boolean.parseBoolean(System.getProperty("bench.heap", "true")) ? heapPerInFlight(baseUrl, c) : Double.NaN;
            System.out.printf(Locale.ROOT, "| %d | %.0f | %.0f | %.3f | %.1f | %.1f | %.1f | %.1f |%n", c, bound, rate, rate / bound,
                    cpuPerReq, serverCpuPerReq, heapPerInFlight, cpuPerReq - jitPerReq);
            if (failed.sum() > 0) {
                System.out.println("  (" + failed.sum() + " failed calls)");
            }
        }
    }

    /**
     * Runs C = 256 with the same client for a while before the table, so that every row (C = 1 included, which alone
     * makes a few hundred requests) measures JIT-compiled client and server code rather than the interpreter and the
     * compiler threads.
     */
    static void jvmWarmup(ServerProcess server, long latencyMs, long millis) throws Exception {
        if (millis > 0) {
            throughput(server, 256, latencyMs, (int) Math.max(1, millis / 1000), false);
        }
    }

    private static void loop(AsyncComposo client, EvaluationRequest request, AtomicBoolean running, LongAdder done,
                             LongAdder failed) {
        if (!running.get()) {
            return;
        }
        client.evaluate(request).whenComplete((r, e) -> {
            if (e == null) {
                done.increment();
            } else {
                failed.increment();
            }
            loop(client, request, running, done, failed);
        });
    }

    /**
     * Heap retained per in-flight evaluation: C requests are held open by a server with a 60 s latency; used heap
     * after a full GC, minus the idle client's, divided by C.
     */
    static double heapPerInFlight(String ignoredBaseUrl, int c) throws Exception {
        try (ServerProcess slow = ServerProcess.start(60_000); AsyncComposo client = client(slow.baseUrl, c)) {
            EvaluationRequest request = EvaluationRequest.of(CONVERSATION, CRITERION);
            client.evaluate(request).cancel(true); // load classes before the baseline
            Thread.sleep(200);
            long before = usedHeapAfterGc();
            List<CompletableFuture<EvaluationResponse>> fs = new ArrayList<>(c);
            for (int i = 0; i < c; i++) {
                fs.add(client.evaluate(request));
            }
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (client.stats().inFlight() < c && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Thread.sleep(300); // let the requests reach the server
            long during = usedHeapAfterGc();
            fs.forEach(f -> f.cancel(true));
            return (during - before) / 1024.0 / c;
        }
    }

    /** CPU of the JIT compiler threads ("C1 CompilerThread0", "C2 CompilerThread1", …) in a {@link ProcCpu#byThreadGroup} map. */
    static long compilerCpu(java.util.Map<String, Long> byThreadGroup) {
        return byThreadGroup.entrySet().stream().filter(e -> e.getKey().contains("CompilerThre")).mapToLong(java.util.Map.Entry::getValue).sum();
    }

    /** Bytes allocated so far by the threads alive now (a thread that ended takes its count with it). */
    static long allocatedBytes() {
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (long b : mx.getThreadAllocatedBytes(mx.getAllThreadIds())) {
            sum += Math.max(0, b);
        }
        return sum;
    }

    static long gcMillis() {
        long t = 0;
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            t += Math.max(0, gc.getCollectionTime());
        }
        return t;
    }

    static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        var m = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return m.getUsed();
    }

    /**
     * The SDK's own CPU per evaluation, without the network or the JDK HttpClient: the client runs over an
     * in-memory transport that answers at once (body building, permit, retry loop, headers, decoding, futures).
     */
    static void overhead(int n) throws Exception {
        // The transport is internal, so the harness sets it through the builder's private config (bench only).
        var transportType = Class.forName("ai.composo.internal.http.Transport");
        Object transport = java.lang.reflect.Proxy.newProxyInstance(SdkBench.class.getClassLoader(), new Class<?>[] {transportType},
                (proxy, method, args) -> {
                    var response = new ai.composo.internal.http.Response(200,
                            java.util.Map.of("content-type", List.of("application/json")),
                            "{\"score\":0.9,\"explanation\":\"Correct and concise.\",\"sources\":[]}");
                    switch (method.getName()) {
                        case "executeAsync": return CompletableFuture.completedFuture(response);
                        case "execute": return response;
                        case "close": return null;
                        default: throw new UnsupportedOperationException(method.getName());
                    }
                });
        AsyncComposo.Builder b = AsyncComposo.builder().apiKey("cp-bench").maxConcurrentRequests(64);
        var configField = ai.composo.ClientBuilder.class.getDeclaredField("config");
        configField.setAccessible(true);
        Object config = configField.get(b);
        var transportField = config.getClass().getDeclaredField("transport");
        transportField.setAccessible(true);
        transportField.set(config, transport);
        var mx = ManagementFactory.getThreadMXBean();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (AsyncComposo client = b.build()) {
            var allocation = (com.sun.management.ThreadMXBean) mx;
            long self = Thread.currentThread().getId();
            for (int round = 0; round < 3; round++) {
                long cpu0 = mx.getCurrentThreadCpuTime();
                long proc0 = os.getProcessCpuTime();
                long bytes0 = allocation.getThreadAllocatedBytes(self);
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    client.evaluate(CONVERSATION, CRITERION).join();
                }
                long cpu = mx.getCurrentThreadCpuTime() - cpu0;
                long proc = os.getProcessCpuTime() - proc0;
                long bytes = allocation.getThreadAllocatedBytes(self) - bytes0;
                System.out.printf(Locale.ROOT, "overhead round %d: %,d evaluations; per evaluation %.1f µs CPU on the calling"
                                + " thread, %.1f µs process CPU (GC, JIT included), %.1f µs wall, %,d bytes allocated%n",
                        round, n, cpu / 1000.0 / n, proc / 1000.0 / n, (System.nanoTime() - t0) / 1000.0 / n, bytes / n);
            }
        }
    }

    static void stream(String baseUrl, long inputs, int c) {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                p.resetPeakUsage();
            }
        }
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        long ok = 0;
        long errors = 0;
        long maxUsed = 0;
        try (AsyncComposo client = client(baseUrl, c);
             BatchStream<Integer> batch = client.evaluateAll(IntStream.range(0, (int) inputs).boxed(),
                     i -> EvaluationRequest.builder().messages(CONVERSATION).criterion(CRITERION)
                             .tag("row", Integer.toString(i)).build(),
                     BatchOptions.builder().ordered(true).build())) {
            long expected = 0;
            while (batch.hasNext()) {
                BatchItem<Integer> item = batch.next();
                if (item.index() != expected++) {
                    throw new IllegalStateException("out of order: " + item.index());
                }
                if (item.isSuccess()) {
                    ok++;
                } else {
                    errors++;
                }
                if ((expected & 0xFFFF) == 0) {
                    maxUsed = Math.max(maxUsed, Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory());
                    System.out.printf(Locale.ROOT, "  %,d done, %.0f/s, heap used %d MB%n", expected,
                            expected / ((System.nanoTime() - t0) / 1e9), maxUsed >> 20);
                }
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                peak += p.getPeakUsage().getUsed();
            }
        }
        System.out.printf(Locale.ROOT, "stream: %,d inputs (%,d ok, %,d errors) in %.1f s = %.0f/s; C=%d, window=%d;"
                        + " max heap %d MB, peak heap (sum of pool peaks) %d MB, committed %d MB; client CPU %.1f µs/request%n",
                inputs, ok, errors, secs, inputs / secs, c, 2 * c, Runtime.getRuntime().maxMemory() >> 20, peak >> 20,
                Runtime.getRuntime().totalMemory() >> 20, (os.getProcessCpuTime() - cpu0) / 1000.0 / inputs);
    }

    /** The latency server in a child JVM (same classpath). */
    static final class ServerProcess implements AutoCloseable {
        final Process process;
        final String baseUrl;

        private ServerProcess(Process process, String baseUrl) {
            this.process = process;
            this.baseUrl = baseUrl;
        }

        static ServerProcess start(long latencyMs) throws Exception {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process p = new ProcessBuilder(java, "-Xmx512m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                    LatencyServer.class.getName(), Long.toString(latencyMs))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            if (line == null || !line.startsWith("PORT ")) {
                p.destroy();
                throw new IllegalStateException("latency server did not start: " + line);
            }
            return new ServerProcess(p, "http://127.0.0.1:" + line.substring(5).trim());
        }

        @Override
        public void close() throws Exception {
            process.getOutputStream().close();
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroy();
            }
        }
    }
}

package ai.composo.bench.sdk;

import ai.composo.AsyncComposo;
import ai.composo.EvaluationRequest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * One client configuration kept alive in its own JVM between measurement windows, for {@link SdkPairs}: the load
 * (SDK, bare {@code sendAsync} or bare blocking {@code send}, as in {@link SdkBench}) runs only while the parent asks
 * for a window, so that the parent can alternate windows of several warmed-up JVMs every few seconds and the
 * machine's drift falls on each of them alike. Commands on stdin, one per line:
 * {@code window <rampMillis> <millis>} runs the load, measures the last {@code millis} and answers
 * {@code RESULT <requests> <nanos> <processCpuNanos> <compilerCpuNanos> <failed>}; end of input ends the JVM.
 *
 * <pre>java -cp ... ai.composo.bench.sdk.PacedLoad &lt;baseUrl&gt; &lt;sdk|raw|raw-blocking&gt; &lt;C&gt; &lt;latencyMs&gt;</pre>
 */
public final class PacedLoad {
    private final String kind;
    private final int c;
    private final long latencyMs;
    private final AsyncComposo sdk;
    private final SdkBench.RawLoad raw;
    private final EvaluationRequest request = EvaluationRequest.of(SdkBench.CONVERSATION, SdkBench.CRITERION);
    private final LongAdder done = new LongAdder();
    private final LongAdder failed = new LongAdder();
    /** Calls issued and not yet completed (async kinds) or threads inside a send (blocking kind). */
    private final AtomicInteger outstanding = new AtomicInteger();
    private volatile boolean running;
    /** Blocking kind: its threads wait here between windows. */
    private volatile CountDownLatch go = new CountDownLatch(1);

    private PacedLoad(String baseUrl, String kind, int c, long latencyMs) {
        this.kind = kind;
        this.c = c;
        this.latencyMs = latencyMs;
        this.sdk = kind.equals("sdk") ? SdkBench.client(baseUrl, c) : null;
        this.raw = kind.equals("sdk") ? null : new SdkBench.RawLoad(baseUrl);
        if (kind.equals("raw-blocking")) {
            for (int i = 0; i < c; i++) {
                Thread t = new Thread(this::blockingLoop, "bench-raw-blocking-" + i);
                t.setDaemon(true);
                t.start();
            }
        }
    }

    public static void main(String[] args) throws Exception {
        PacedLoad load = new PacedLoad(args[0], args[1], Integer.parseInt(args[2]), Long.parseLong(args[3]));
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.out.println("READY");
        System.out.flush();
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            String[] f = line.trim().split("\\s+");
            if (f[0].equals("window")) {
                System.out.println(load.window(Long.parseLong(f[1]), Long.parseLong(f[2])));
                System.out.flush();
            }
        }
        System.exit(0);
    }

    private String window(long rampMillis, long millis) throws InterruptedException {
        start();
        Thread.sleep(rampMillis);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long pid = ProcessHandle.current().pid();
        long failed0 = failed.sum();
        long cpu0 = os.getProcessCpuTime();
        long jit0 = SdkBench.compilerCpu(ProcCpu.byThreadGroup(pid));
        long n0 = done.sum();
        long t0 = System.nanoTime();
        Thread.sleep(millis);
        long n1 = done.sum();
        long t1 = System.nanoTime();
        long cpu1 = os.getProcessCpuTime();
        long jit1 = SdkBench.compilerCpu(ProcCpu.byThreadGroup(pid));
        stopAndDrain();
        return String.format(Locale.ROOT, "RESULT %d %d %d %d %d", n1 - n0, t1 - t0, cpu1 - cpu0, Math.max(0, jit1 - jit0),
                failed.sum() - failed0);
    }

    private void start() {
        running = true;
        switch (kind) {
            case "sdk" -> {
                for (int i = 0; i < 2 * c; i++) { // 2·C submitted: the client's cap, not the driver, is the limit
                    sdkLoop();
                }
            }
            case "raw" -> {
                for (int i = 0; i < c; i++) {
                    rawLoop();
                }
            }
            default -> go.countDown();
        }
    }

    private void stopAndDrain() throws InterruptedException {
        go = new CountDownLatch(1); // before running = false, so that a blocking thread that stops waits on the new one
        running = false;
        long deadline = System.nanoTime() + 10_000_000_000L + 4 * latencyMs * 1_000_000L;
        while (outstanding.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        if (outstanding.get() > 0) {
            throw new IllegalStateException(outstanding.get() + " calls still outstanding 10 s after the window");
        }
    }

    private void sdkLoop() {
        if (!running) {
            return;
        }
        outstanding.incrementAndGet();
        sdk.evaluate(request).whenComplete((r, e) -> {
            count(e == null);
            outstanding.decrementAndGet();
            sdkLoop();
        });
    }

    private void rawLoop() {
        if (!running) {
            return;
        }
        outstanding.incrementAndGet();
        raw.http.sendAsync(raw.request, HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
            count(e == null && r.statusCode() == 200);
            outstanding.decrementAndGet();
            rawLoop();
        });
    }

    private void blockingLoop() {
        while (true) {
            try {
                go.await();
            } catch (InterruptedException e) {
                return;
            }
            outstanding.incrementAndGet();
            try {
                while (running) {
                    try {
                        HttpResponse<String> r = raw.http.send(raw.request, HttpResponse.BodyHandlers.ofString());
                        count(r.statusCode() == 200);
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        count(false);
                    }
                }
            } finally {
                outstanding.decrementAndGet();
            }
        }
    }

    private void count(boolean ok) {
        if (ok) {
            done.increment();
        } else {
            failed.increment();
        }
    }
}

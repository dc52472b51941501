package ai.composo.bench.sdk;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Issue 15's targets with fine-grained interleaving: per C and per flag setting, the three configurations of
 * {@link SdkVersusBare} (SDK, bare {@code sendAsync}, bare blocking {@code send}) each run in their own warmed-up JVM
 * ({@link PacedLoad}) and take turns, one short window each, for a number of cycles. The machine's speed drifts over
 * minutes (the latency server's CPU for identical work moved by half between runs a minute apart), so a pair measured
 * seconds apart differs far less than two fresh JVMs minutes apart. Each JVM is warmed at its own C first. Per cycle,
 * the SDK is compared with the floor (the better bare configuration by median throughput) of the same cycle; the table
 * gives the median and range of those per-cycle ratios and CPU differences. All JVMs run without flags except the
 * common-pool setting under test.
 *
 * <pre>java [-Dbench.warmupMs=25000] [-Dbench.rampMs=1000] [-Dbench.flags=both] -cp ... ai.composo.bench.sdk.SdkPairs [cycles=8] [windowMs=4000] [latencyMs=50] [C...]</pre>
 */
public final class SdkPairs {
    private SdkPairs() {}

    record Window(double rate, double cpuMicros, double cpuWithoutJitMicros, long failed) {}

    public static void main(String[] args) throws Exception {
        int cycles = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        long windowMs = args.length > 1 ? Long.parseLong(args[1]) : 4000;
        long latency = args.length > 2 ? Long.parseLong(args[2]) : 50;
        List<Integer> cs = SdkBench.concurrencies(args, 3);
        long warmupMs = Long.getLong("bench.warmupMs", 25_000);
        long rampMs = Long.getLong("bench.rampMs", 1_000);
        List<String> rows = new ArrayList<>();
        try (SdkBench.ServerProcess server = SdkBench.ServerProcess.start(latency)) {
            for (int c : cs) {
                for (boolean flag : flagSettings()) {
                    rows.add(measure(server.baseUrl, c, latency, flag, cycles, warmupMs, rampMs, windowMs));
                }
            }
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "%d cycles of %d ms windows per configuration (after %d ms of ramp), %d ms warm-up at each C%n",
                cycles, windowMs, rampMs, warmupMs);
        System.out.println("| flag | C | SDK req/s (range) | bare sendAsync req/s | bare blocking send req/s | SDK / floor per cycle, median (range) | SDK CPU µs | floor CPU µs | Δ CPU per cycle µs, median (range) | Δ without JIT µs, median (range) |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        rows.forEach(System.out::println);
    }

    /** {@code -Dbench.flags=none|flag|both} (default both): without the common-pool flag, with it, or each. */
    static boolean[] flagSettings() {
        return switch (System.getProperty("bench.flags", "both")) {
            case "none" -> new boolean[] {false};
            case "flag" -> new boolean[] {true};
            default -> new boolean[] {false, true};
        };
    }

    static String measure(String baseUrl, int c, long latency, boolean flag, int cycles, long warmupMs, long rampMs,
                          long windowMs) throws Exception {
        Map<String, Agent> agents = new LinkedHashMap<>();
        try {
            for (String kind : SdkVersusBare.CLIENTS) {
                agents.put(kind, Agent.start(baseUrl, kind, c, latency, flag));
            }
            for (Agent a : agents.values()) {
                a.window(warmupMs, 1000); // warm-up at this C, one JVM at a time
            }
            Map<String, List<Window>> byKind = new LinkedHashMap<>();
            List<String> order = new ArrayList<>(agents.keySet());
            for (int cycle = 0; cycle < cycles; cycle++) {
                for (int i = 0; i < order.size(); i++) {
                    String kind = order.get((cycle + i) % order.size()); // rotate who goes first
                    byKind.computeIfAbsent(kind, k -> new ArrayList<>()).add(agents.get(kind).window(rampMs, windowMs));
                }
                System.out.printf(Locale.ROOT, "# C=%d %s cycle %d: sdk %s, raw %s, raw-blocking %s%n", c, flag ? "flag" : "no flag", cycle + 1,
                        last(byKind, "sdk"), last(byKind, "raw"), last(byKind, "raw-blocking"));
            }
            List<Window> sdk = byKind.get("sdk");
            List<Window> async = byKind.get("raw");
            List<Window> blocking = byKind.get("raw-blocking");
            List<Window> floor = SdkVersusBare.median(async, Window::rate) >= SdkVersusBare.median(blocking, Window::rate) ? async : blocking;
            double[] ratio = new double[cycles];
            double[] delta = new double[cycles];
            double[] deltaNoJit = new double[cycles];
            long failed = 0;
            for (int i = 0; i < cycles; i++) {
                ratio[i] = sdk.get(i).rate() / floor.get(i).rate();
                delta[i] = sdk.get(i).cpuMicros() - floor.get(i).cpuMicros();
                deltaNoJit[i] = sdk.get(i).cpuWithoutJitMicros() - floor.get(i).cpuWithoutJitMicros();
                failed += sdk.get(i).failed() + async.get(i).failed() + blocking.get(i).failed();
            }
            return String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | **%s** | %.1f | %.1f | **%s** | %s |%s", flag ? "=2" : "none", c,
                    rateCell(sdk), rateCell(async), rateCell(blocking), spread(ratio, "%.3f"), SdkVersusBare.median(sdk, Window::cpuMicros),
                    SdkVersusBare.median(floor, Window::cpuMicros), spread(delta, "%+.1f"), spread(deltaNoJit, "%+.1f"),
                    failed > 0 ? " (" + failed + " failed calls)" : "");
        } finally {
            for (Agent a : agents.values()) {
                a.close();
            }
        }
    }

    private static String rateCell(List<Window> windows) {
        return SdkVersusBare.rateCell(windows, Window::rate);
    }

    private static String last(Map<String, List<Window>> byKind, String kind) {
        List<Window> w = byKind.get(kind);
        Window x = w.get(w.size() - 1);
        return String.format(Locale.ROOT, "%.0f req/s %.1f µs (%.1f without JIT)", x.rate(), x.cpuMicros(), x.cpuWithoutJitMicros());
    }

    static String spread(double[] values, String format) {
        double[] v = values.clone();
        Arrays.sort(v);
        return String.format(Locale.ROOT, format + " (" + format + " to " + format + ")", SdkVersusBare.median(v), v[0], v[v.length - 1]);
    }

    /** A {@link PacedLoad} child JVM. */
    static final class Agent implements AutoCloseable {
        private final Process process;
        private final BufferedReader out;
        private final PrintWriter in;
        private final String kind;

        private Agent(Process process, String kind) {
            this.process = process;
            this.kind = kind;
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            this.in = new PrintWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8), true);
        }

        static Agent start(String baseUrl, String kind, int c, long latency, boolean flag) throws Exception {
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            if (flag) {
                cmd.add(SdkVersusBare.FLAG);
            }
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), PacedLoad.class.getName(), baseUrl, kind,
                    Integer.toString(c), Long.toString(latency)));
            Agent a = new Agent(new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start(), kind);
            String ready = a.out.readLine();
            if (!"READY".equals(ready)) {
                a.close();
                throw new IllegalStateException(kind + " load did not start: " + ready);
            }
            return a;
        }

        Window window(long rampMs, long windowMs) throws Exception {
            in.println("window " + rampMs + " " + windowMs);
            String line = out.readLine();
            if (line == null || !line.startsWith("RESULT ")) {
                throw new IllegalStateException(kind + " window failed: " + line);
            }
            String[] f = line.split(" ");
            long n = Long.parseLong(f[1]);
            double seconds = Long.parseLong(f[2]) / 1e9;
            double cpu = Long.parseLong(f[3]) / 1000.0 / Math.max(1, n);
            double jit = Long.parseLong(f[4]) / 1000.0 / Math.max(1, n);
            return new Window(n / seconds, cpu, cpu - jit, Long.parseLong(f[5]));
        }

        @Override
        public void close() throws Exception {
            in.close();
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}

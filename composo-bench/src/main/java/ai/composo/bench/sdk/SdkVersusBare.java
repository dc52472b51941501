package ai.composo.bench.sdk;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Issue 15's targets, measured as a user runs the SDK: {@link SdkBench}'s throughput table in fresh JVMs, for the SDK
 * and for the two bare {@code HttpClient} configurations (async {@code sendAsync} chains, and C threads on the blocking
 * {@code send}), each without JVM flags and with {@code -Djava.util.concurrent.ForkJoinPool.common.parallelism=2};
 * interleaved (every round runs each of the six once, in turn) so that the machine's noise falls on all of them.
 * Prints per C the median and range of each, the floor (the better bare configuration by median throughput), the
 * SDK's ratio to it and the CPU difference, with and without the JIT compiler threads' CPU (a one-off warm-up cost that,
 * at low C, dominates a window of a hundred requests).
 *
 * <p>{@code -Dbench.jvmWarmupMs} (default 15 s) warms every JVM at C = 256 before the table; {@code -Dbench.warmupMs}
 * (default 2 s) is the warm-up at each measured C itself, just before its window. With {@code -Dbench.jvmWarmupMs=0
 * -Dbench.warmupMs=30000} each C is measured after 30 s at that same C, so the JIT has compiled the code for that load
 * (after a C = 256 warm-up that saturates both CPUs, the compiler is still behind when a lower C is measured).
 *
 * <pre>java -cp ... ai.composo.bench.sdk.SdkVersusBare [rounds=3] [seconds=5] [latencyMs=50] [C...]</pre>
 */
public final class SdkVersusBare {
    static final String FLAG = "-Djava.util.concurrent.ForkJoinPool.common.parallelism=2";
    static final List<String> CLIENTS = List.of("sdk", "raw", "raw-blocking");

    private SdkVersusBare() {}

    record Row(double rate, double cpuPerRequest, double cpuWithoutJitPerRequest) {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        String seconds = args.length > 1 ? args[1] : "5";
        String latency = args.length > 2 ? args[2] : "50";
        List<String> cs = args.length > 3 ? Arrays.asList(args).subList(3, args.length) : List.of("1", "8", "64", "256", "1024");
        // flag -> client -> C -> rows over the rounds
        Map<Boolean, Map<String, Map<Integer, List<Row>>>> all = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            for (boolean flag : new boolean[] {false, true}) {
                for (String client : CLIENTS) {
                    Map<Integer, Row> rows = run(client, flag, seconds, latency, cs);
                    System.out.printf(Locale.ROOT, "# round %d, %s, %s: %s%n", round, flag ? "flag" : "no flag", client, rows);
                    rows.forEach((c, r) -> all.computeIfAbsent(flag, f -> new LinkedHashMap<>()).computeIfAbsent(client, k -> new TreeMap<>())
                            .computeIfAbsent(c, k -> new ArrayList<>()).add(r));
                }
            }
        }
        for (boolean flag : new boolean[] {false, true}) {
            System.out.println();
            System.out.println(flag ? "With " + FLAG + ":" : "No JVM flags:");
            System.out.println("| C | SDK req/s (range) | bare sendAsync req/s (range) | bare blocking send req/s (range) | SDK / floor | SDK CPU µs/req | floor CPU µs/req | Δ CPU µs | Δ CPU without JIT µs |");
            System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            Map<String, Map<Integer, List<Row>>> byClient = all.get(flag);
            for (int c : byClient.get("sdk").keySet()) {
                List<Row> sdk = byClient.get("sdk").get(c);
                List<Row> async = byClient.get("raw").get(c);
                List<Row> blocking = byClient.get("raw-blocking").get(c);
                List<Row> floor = median(async, Row::rate) >= median(blocking, Row::rate) ? async : blocking;
                double sdkCpu = median(sdk, Row::cpuPerRequest);
                double floorCpu = median(floor, Row::cpuPerRequest);
                double jitFree = median(sdk, Row::cpuWithoutJitPerRequest) - median(floor, Row::cpuWithoutJitPerRequest);
                System.out.printf(Locale.ROOT, "| %d | %s | %s | %s | %.3f | %.1f | %.1f | %+.1f | %+.1f |%n", c, cell(sdk), cell(async), cell(blocking),
                        median(sdk, Row::rate) / median(floor, Row::rate), sdkCpu, floorCpu, sdkCpu - floorCpu, jitFree);
            }
        }
    }

    static String cell(List<Row> rows) {
        return rateCell(rows, Row::rate);
    }

    /** "median (lowest–highest)" of the rates, req/s. */
    static <T> String rateCell(List<T> items, java.util.function.ToDoubleFunction<T> rate) {
        double[] r = items.stream().mapToDouble(rate).sorted().toArray();
        return String.format(Locale.ROOT, "%.0f (%.0f–%.0f)", median(r), r[0], r[r.length - 1]);
    }

    static <T> double median(List<T> items, java.util.function.ToDoubleFunction<T> f) {
        return median(items.stream().mapToDouble(f).sorted().toArray());
    }

    static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    static Map<Integer, Row> run(String client, boolean flag, String seconds, String latency, List<String> cs) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (flag) {
            cmd.add(FLAG);
        }
        cmd.addAll(List.of("-Dbench.client=" + client, "-Dbench.heap=false", "-Dbench.jvmWarmupMs=" + Long.getLong("bench.jvmWarmupMs", 15_000),
                "-Dbench.warmupMs=" + Long.getLong("bench.warmupMs", 2_000),
                "-Dbench.cpuDetail=" + Boolean.getBoolean("bench.cpuDetail"), "-cp", System.getProperty("java.class.path"),
                SdkBench.class.getName(), "throughput", seconds, latency));
        cmd.addAll(cs);
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Map<Integer, Row> rows = new TreeMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String[] f = line.split("\\|");
                if (f.length >= 9 && f[1].trim().matches("\\d+")) {
                    rows.put(Integer.parseInt(f[1].trim()), new Row(Double.parseDouble(f[3].trim()), Double.parseDouble(f[5].trim()),
                            Double.parseDouble(f[8].trim())));
                } else if (line.contains("failed calls") || line.contains("client CPU by thread group")) {
                    System.out.println("# " + client + (flag ? " flag" : "") + ": " + line.trim());
                }
            }
        }
        if (p.waitFor() != 0) {
            throw new IllegalStateException(client + " run exited with " + p.exitValue());
        }
        return rows;
    }
}

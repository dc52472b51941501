package ai.composo.bench.sdk;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time of a process and of its native threads from Linux {@code /proc} (user + system, 10 ms ticks). Unlike
 * {@code ThreadMXBean} this also sees the JIT compiler, GC and VM threads, threads that have already exited
 * (through the process total) and other processes such as the latency server. Zero where {@code /proc} is absent.
 */
final class ProcCpu {
    private static final long NANOS_PER_TICK = 10_000_000L; // USER_HZ = 100 on Linux

    private ProcCpu() {}

    /** Total CPU time of process {@code pid} (exited threads included), in ns. */
    static long total(long pid) {
        long[] t = parse(Path.of("/proc", Long.toString(pid), "stat"));
        return t == null ? 0 : t[0];
    }

    /** CPU time of the live threads of {@code pid} grouped by name with digits removed, in ns. */
    static Map<String, Long> byThreadGroup(long pid) {
        Map<String, Long> out = new TreeMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException e) {
                    continue; // thread exited
                }
                int open = stat.indexOf('(');
                int close = stat.lastIndexOf(')');
                String name = stat.substring(open + 1, close).replaceAll("[-#]?\\d+", "").trim();
                long[] t = parse(stat);
                if (t != null) {
                    out.merge(name, t[0], Long::sum);
                }
            }
        } catch (IOException e) {
            // no /proc
        }
        return out;
    }

    private static long[] parse(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            return null;
        }
    }

    private static long[] parse(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // after "(comm) ": state is f[0]; utime and stime are fields 14 and 15 of the full line, i.e. f[11], f[12]
        return new long[] {(Long.parseLong(f[11]) + Long.parseLong(f[12])) * NANOS_PER_TICK};
    }
}

package ai.composo.bench.cli;

import ai.composo.cli.internal.CompactKeySet;
import java.lang.management.ManagementFactory;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Heap and time for the state of {@code composo eval} that grows with the input: the row ids (duplicate check)
 * and, on {@code --resume}, the done (criterion, repeat, id) pairs. Compares {@link CompactKeySet} with the
 * {@code HashSet<String>} it replaced, for N rows and P pairs per row, keys shaped like the CLI's.
 *
 * <pre>java -Xmx2g -cp ... ai.composo.bench.cli.KeySetBench [rows=1000000] [pairsPerRow=5]</pre>
 */
public final class KeySetBench {
    private KeySetBench() {}

    public static void main(String[] args) {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int pairs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        System.out.printf(Locale.ROOT, "# %,d rows, %d pairs per row, JVM %s%n", rows, pairs, System.getProperty("java.version"));
        for (String kind : new String[] {"HashSet<String>", "CompactKeySet", "HashSet<String>", "CompactKeySet"}) {
            long before = usedAfterGc();
            long t0 = System.nanoTime();
            Object ids;
            Object done;
            if (kind.startsWith("Hash")) {
                Set<String> i = new HashSet<>();
                Set<String> d = new HashSet<>();
                fill(rows, pairs, i::add, d::add);
                ids = i;
                done = d;
            } else {
                CompactKeySet i = new CompactKeySet();
                CompactKeySet d = new CompactKeySet();
                fill(rows, pairs, i::add, d::add);
                ids = i;
                done = d;
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            long used = usedAfterGc() - before;
            System.out.printf(Locale.ROOT, "%-16s ids + done pairs: %,d entries, %.1f MB retained (%.1f bytes/entry), built in %.2f s%n",
                    kind, (long) rows * (1 + pairs), used / 1e6, used / (double) ((long) rows * (1 + pairs)), secs);
            if (ids.hashCode() == done.hashCode() && ids == done) {
                System.out.println(); // keeps both sets reachable until measured
            }
        }
    }

    interface Sink {
        boolean add(String key);
    }

    private static void fill(int rows, int pairs, Sink ids, Sink done) {
        for (int r = 0; r < rows; r++) {
            String id = "row-" + r;
            ids.add(id);
            for (int c = 0; c < pairs; c++) {
                done.add(c + ":1:" + id);
            }
        }
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}

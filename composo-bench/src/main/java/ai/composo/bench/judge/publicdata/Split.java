package ai.composo.bench.judge.publicdata;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The dev/test split of the public benchmark, fixed before any run and never tuned on.
 *
 * <ul>
 *   <li><b>Rule.</b> {@code u(k)} = the first 8 bytes of SHA-256(UTF-8 {@code k}) read as an unsigned 64-bit
 *       integer, divided by 2<sup>64</sup> (uniform in [0, 1)). An item is {@code dev} when {@code u(group key)} &lt;
 *       {@value #DEV_FRACTION}, else {@code test}. The group key is the item's source unit (the document of a
 *       SummEdits seed, the dialogue context of DialFact, the knowledge + history of FaithDial, the prompt of PandaLM,
 *       the question of EVOUNA, …), so every pair built from one source unit lands in the same split and nothing
 *       seen on dev reappears on test.</li>
 *   <li><b>Cap.</b> Each kind keeps at most {@value #TEST_CAP} test pairs (and {@value #DEV_CAP} dev pairs by
 *       default). The pairs of each source of a kind (e.g. the eight SummEdits domains) are ordered by
 *       {@code u(item key)} and taken round-robin over the sources, in source-name order, until the cap is reached,
 *       so small sources are kept whole and large ones are sampled evenly.</li>
 * </ul>
 */
public final class Split {
    public static final double DEV_FRACTION = 0.30;
    public static final int TEST_CAP = 200;
    public static final int DEV_CAP = 200;

    private Split() {}

    /** u(k) in [0, 1), see the class comment. */
    public static double unit(String key) {
        byte[] h = sha256(key);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (h[i] & 0xFF);
        }
        return (v >>> 11) * 0x1.0p-53;
    }

    /** "dev" or "test" for a group key. */
    public static String of(String groupKey) {
        return unit(groupKey) < DEV_FRACTION ? "dev" : "test";
    }

    /**
     * The items of one kind in {@code split}, capped at {@code cap} pairs: per source in order of u(item key),
     * round-robin over sources (sorted by name). The result is in selection order.
     */
    public static List<BenchItem> select(List<BenchItem> items, String split, int cap) {
        Map<String, List<BenchItem>> bySource = new TreeMap<>();
        for (BenchItem it : items) {
            if (it.split().equals(split)) {
                bySource.computeIfAbsent(it.source(), s -> new ArrayList<>()).add(it);
            }
        }
        List<List<BenchItem>> queues = new ArrayList<>();
        for (List<BenchItem> l : bySource.values()) {
            l.sort(Comparator.comparingDouble((BenchItem it) -> unit(it.key())).thenComparing(BenchItem::key));
            queues.add(l);
        }
        List<BenchItem> out = new ArrayList<>();
        int[] next = new int[queues.size()];
        boolean progress = true;
        while (out.size() < cap && progress) {
            progress = false;
            for (int q = 0; q < queues.size() && out.size() < cap; q++) {
                if (next[q] < queues.get(q).size()) {
                    out.add(queues.get(q).get(next[q]++));
                    progress = true;
                }
            }
        }
        return out;
    }

    static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A short hex digest of a text, for keys built from long texts. */
    public static String digest(String s) {
        byte[] h = sha256(s);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            sb.append(String.format("%02x", h[i] & 0xFF));
        }
        return sb.toString();
    }
}

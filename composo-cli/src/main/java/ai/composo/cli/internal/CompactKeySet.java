package ai.composo.cli.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A set of strings that keeps 16 bytes per entry instead of the strings: each key is stored as the first 128
 * bits of its SHA-256, in an open-addressing table. Used for the row ids and done pairs of a run, the only state
 * of {@code composo eval} that grows with the input (about 27 bytes per entry instead of about 100 for a
 * {@code HashSet<String>}), so millions of rows fit the launcher's default heap. Two different keys share a slot
 * only if they share 128 bits of SHA-256, which no one has ever observed (a crafted SHA-256 collision is not
 * known either). Not thread-safe.
 */
public final class CompactKeySet {
    private static final double MAX_LOAD = 0.6;

    private final MessageDigest sha256;
    private long[] hi;
    private long[] lo;
    private int size;

    public CompactKeySet() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
        hi = new long[1024];
        lo = new long[1024];
    }

    /** Adds the key; false if it was already present. */
    public boolean add(String key) {
        long[] d = digest(key);
        if (indexOf(d[0], d[1], hi, lo) >= 0) {
            return false;
        }
        if (size + 1 > hi.length * MAX_LOAD) {
            grow();
        }
        insert(d[0], d[1], hi, lo);
        size++;
        return true;
    }

    public boolean contains(String key) {
        long[] d = digest(key);
        return indexOf(d[0], d[1], hi, lo) >= 0;
    }

    public int size() {
        return size;
    }

    private long[] digest(String key) {
        byte[] h = sha256.digest(key.getBytes(StandardCharsets.UTF_8));
        long a = 0;
        long b = 0;
        for (int i = 0; i < 8; i++) {
            a = (a << 8) | (h[i] & 0xff);
            b = (b << 8) | (h[i + 8] & 0xff);
        }
        if (a == 0 && b == 0) {
            b = 1; // (0, 0) marks an empty slot
        }
        return new long[] {a, b};
    }

    /** The slot holding (a, b), or -1. Linear probing from the slot picked by the low bits of {@code a}. */
    private static int indexOf(long a, long b, long[] hi, long[] lo) {
        int mask = hi.length - 1;
        for (int i = (int) a & mask; ; i = (i + 1) & mask) {
            if (hi[i] == a && lo[i] == b) {
                return i;
            }
            if (hi[i] == 0 && lo[i] == 0) {
                return -1;
            }
        }
    }

    private static void insert(long a, long b, long[] hi, long[] lo) {
        int mask = hi.length - 1;
        int i = (int) a & mask;
        while (hi[i] != 0 || lo[i] != 0) {
            i = (i + 1) & mask;
        }
        hi[i] = a;
        lo[i] = b;
    }

    private void grow() {
        if (hi.length >= 1 << 30) {
            throw new IllegalStateException("more than " + (int) ((1 << 30) * MAX_LOAD) + " keys");
        }
        long[] nh = new long[hi.length * 2];
        long[] nl = new long[lo.length * 2];
        for (int i = 0; i < hi.length; i++) {
            if (hi[i] != 0 || lo[i] != 0) {
                insert(hi[i], lo[i], nh, nl);
            }
        }
        hi = nh;
        lo = nl;
    }
}

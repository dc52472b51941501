package ai.composo.cli.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Picks the {@code limit} worst rows of a results file in one pass, holding at most {@code limit} rows: a row
 * ranks by the lowest score among its results (an error ranks below every score; a row with nothing but
 * "not applicable" results ranks last). Results of one row may come in any order and interleaved with other
 * rows'. Ties keep the row seen first.
 *
 * <p>Why one pass suffices: a row is kept while its lowest score so far is among the {@code limit} lowest; one
 * that drops out is taken in again if a later result of it is lower than the highest kept. The highest kept
 * key only ever falls, so a row that was let go had no lower result earlier than the one that brings it back.
 */
public final class WorstRows {
    /** The rank of an error: below every score. */
    static final double ERROR = -1.0;
    /** The rank of a result without a score (not applicable): above every score. */
    static final double NO_SCORE = 2.0;

    private final int limit;
    private final Map<String, Entry> kept = new HashMap<>();
    private final TreeSet<Entry> byRank = new TreeSet<>(Comparator.comparingDouble((Entry e) -> e.rank).thenComparingLong(e -> e.seq));
    private long seq;

    public WorstRows(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative");
        }
        this.limit = limit;
    }

    static double rank(ResultRecord r) {
        return r.isError() ? ERROR : r.score() == null ? NO_SCORE : r.score();
    }

    public void add(ResultRecord r) {
        if (limit == 0) {
            return;
        }
        double rank = rank(r);
        Entry e = kept.get(r.id());
        if (e != null) {
            if (rank < e.rank) {
                byRank.remove(e);
                e.rank = rank;
                byRank.add(e);
            }
            return;
        }
        if (kept.size() >= limit) {
            Entry highest = byRank.last();
            if (rank >= highest.rank) {
                return;
            }
            byRank.pollLast();
            kept.remove(highest.id);
        }
        e = new Entry(r.id(), rank, seq++);
        kept.put(e.id, e);
        byRank.add(e);
    }

    /** The ids of the kept rows, worst first. */
    public List<String> ids() {
        List<String> out = new ArrayList<>(byRank.size());
        byRank.forEach(e -> out.add(e.id));
        return out;
    }

    private static final class Entry {
        final String id;
        final long seq;
        double rank;

        Entry(String id, double rank, long seq) {
            this.id = id;
            this.rank = rank;
            this.seq = seq;
        }
    }
}

package ai.composo.cli.internal;

import ai.composo.judge.Criterion;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-criterion statistics over the results, in bounded memory: a {@link ScoreSketch} per criterion,
 * plus, for {@code --repeat}, running figures for the pairs whose repeats have not all arrived yet.
 */
public final class Summary {
    private final Map<String, CriterionSummary> byCriterion = new LinkedHashMap<>();
    private final Map<String, Spread> pending = new HashMap<>();
    private final int repeat;

    /** {@code criteria} fixes the order of the table; results for other criteria are added after them. */
    public Summary(List<String> criteria, int repeat) {
        this.repeat = repeat;
        criteria.forEach(this::criterion);
    }

    private CriterionSummary criterion(String text) {
        return byCriterion.computeIfAbsent(text, t -> new CriterionSummary(t, isPassFail(t)));
    }

    public static boolean isPassFail(String criterion) {
        try {
            return Criterion.parse(criterion).kind() == Criterion.Kind.PASS_FAIL;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public synchronized void add(ResultRecord r) {
        CriterionSummary c = criterion(r.criterion());
        c.results++;
        if (r.isError()) {
            c.errors++;
        } else if (r.score() == null) {
            c.notApplicable++;
        } else {
            c.scores.add(r.score());
            if (Boolean.TRUE.equals(r.passed())) {
                c.passed++;
            }
        }
        if (repeat > 1) {
            String key = r.criterion() + '\u001f' + r.id();
            Spread s = pending.computeIfAbsent(key, k -> new Spread());
            s.seen++;
            if (!r.isError() && r.score() != null) {
                s.add(r.score());
            }
            if (s.seen >= repeat) {
                pending.remove(key);
                fold(c, s);
            }
        }
    }

    private static void fold(CriterionSummary c, Spread s) {
        if (s.n < 2) {
            return;
        }
        double mean = s.sum / s.n;
        double std = Math.sqrt(Math.max(0.0, s.sumSq / s.n - mean * mean));
        double range = s.max - s.min;
        c.spreadPairs++;
        c.stdSum += std;
        c.maxStd = Math.max(c.maxStd, std);
        c.rangeSum += range;
        c.maxRange = Math.max(c.maxRange, range);
        if (range > 0) {
            c.unstablePairs++;
        }
    }

    /** The per-criterion figures; pairs still missing repeats are counted with what they have. */
    public synchronized List<CriterionSummary> criteria() {
        if (!pending.isEmpty()) {
            pending.forEach((key, s) -> fold(byCriterion.get(key.substring(0, key.indexOf('\u001f'))), s));
            pending.clear();
        }
        return new ArrayList<>(byCriterion.values());
    }

    public int repeat() {
        return repeat;
    }

    private static final class Spread {
        int seen;
        int n;
        double sum;
        double sumSq;
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;

        void add(double v) {
            n++;
            sum += v;
            sumSq += v * v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
    }
}

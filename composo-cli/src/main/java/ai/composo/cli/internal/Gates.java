package ai.composo.cli.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * The CI gates of a run, each for all criteria or one ({@code "0.7"}, {@code "2=0.7"} or
 * {@code "Reward answers that …=0.7"}): a minimum mean score ({@code --fail-under}), a minimum pass rate for pass/fail
 * criteria ({@code --min-pass-rate}) and a floor every row's score must reach ({@code --row-floor}). A gate for one
 * criterion overrides the all-criteria gate of the same kind for it.
 */
public final class Gates {
    /** The kind of a gate, named as its option. */
    public enum Kind {
        MEAN("--fail-under", "mean score"),
        PASS_RATE("--min-pass-rate", "pass rate"),
        ROW_FLOOR("--row-floor", "every row's score");

        final String option;
        final String what;

        Kind(String option, String what) {
            this.option = option;
            this.what = what;
        }
    }

    /** One failed gate, with the message that names it. */
    public record Failure(Kind kind, int criterion, String message) {}

    private final List<String> criteria;
    private final Map<Kind, Double[]> thresholds = new LinkedHashMap<>();
    private final Map<Kind, String[]> specs = new LinkedHashMap<>();

    private Gates(List<String> criteria) {
        this.criteria = List.copyOf(criteria);
        for (Kind k : Kind.values()) {
            thresholds.put(k, new Double[criteria.size()]);
            specs.put(k, new String[criteria.size()]);
        }
    }

    /** Parses the options' values; throws {@link IllegalArgumentException} with a message naming the option. */
    public static Gates parse(List<String> criteria, List<String> failUnder, List<String> minPassRate, List<String> rowFloor) {
        Gates g = new Gates(criteria);
        g.add(Kind.MEAN, failUnder);
        g.add(Kind.PASS_RATE, minPassRate);
        g.add(Kind.ROW_FLOOR, rowFloor);
        return g;
    }

    private void add(Kind kind, List<String> values) {
        if (values == null) {
            return;
        }
        Double[] t = thresholds.get(kind);
        String[] s = specs.get(kind);
        // All-criteria gates first, so a gate for one criterion wins whatever the order on the command line.
        for (boolean perCriterion : new boolean[] {false, true}) {
            for (String v : values) {
                String spec = v.strip();
                int eq = spec.lastIndexOf('=');
                if ((eq >= 0) != perCriterion) {
                    continue;
                }
                double threshold = number(kind, eq >= 0 ? spec.substring(eq + 1).strip() : spec, v);
                if (eq < 0) {
                    for (int i = 0; i < t.length; i++) {
                        t[i] = threshold;
                        s[i] = kind.option + " " + spec;
                    }
                    continue;
                }
                int c = criterion(kind, spec.substring(0, eq).strip(), v);
                if (kind == Kind.PASS_RATE && !Summary.isPassFail(criteria.get(c))) {
                    throw new IllegalArgumentException(kind.option + " " + v + ": criterion [" + (c + 1)
                            + "] is scored, not pass/fail; use --fail-under for it");
                }
                t[c] = threshold;
                s[c] = kind.option + " " + spec;
            }
        }
    }

    private static double number(Kind kind, String text, String spec) {
        double d;
        try {
            d = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(kind.option + " " + spec + ": expected a number between 0 and 1, or CRITERION=NUMBER"
                    + " (CRITERION is the criterion's number in the summary, or its text)");
        }
        if (!(d >= 0 && d <= 1)) {
            throw new IllegalArgumentException(kind.option + " " + spec + ": the threshold must be between 0 and 1, got " + text);
        }
        return d;
    }

    private int criterion(Kind kind, String ref, String spec) {
        if (ref.matches("\\d+")) {
            int n = Integer.parseInt(ref);
            if (n < 1 || n > criteria.size()) {
                throw new IllegalArgumentException(kind.option + " " + spec + ": there is no criterion [" + n + "]; this run has "
                        + criteria.size() + (criteria.size() == 1 ? " criterion" : " criteria") + " (see 'composo criteria explain')");
            }
            return n - 1;
        }
        int i = criteria.indexOf(ref);
        if (i < 0) {
            for (int j = 0; j < criteria.size(); j++) {
                if (criteria.get(j).equalsIgnoreCase(ref)) {
                    return j;
                }
            }
            throw new IllegalArgumentException(kind.option + " " + spec + ": '" + ref + "' is not one of this run's criteria;"
                    + " name it by its number ([1] to [" + criteria.size() + "]) or its exact text");
        }
        return i;
    }

    public boolean any() {
        return thresholds.values().stream().anyMatch(t -> java.util.Arrays.stream(t).anyMatch(java.util.Objects::nonNull));
    }

    /** The threshold of {@code kind} for criterion {@code index} (0-based), if any. */
    public Optional<Double> threshold(Kind kind, int index) {
        return Optional.ofNullable(thresholds.get(kind)[index]);
    }

    /** The all-criteria --fail-under threshold when every criterion has the same one (for the report's column). */
    public Double uniformMeanThreshold() {
        Double[] t = thresholds.get(Kind.MEAN);
        if (t.length == 0 || t[0] == null) {
            return null;
        }
        for (Double d : t) {
            if (!t[0].equals(d)) {
                return null;
            }
        }
        return t[0];
    }

    /** The score a single result must reach to count as passing in a test report: its row floor, else its mean gate. */
    public Optional<Double> rowThreshold(int index) {
        return threshold(Kind.ROW_FLOOR, index).or(() -> threshold(Kind.MEAN, index));
    }

    /**
     * The failed gates: mean and pass rate from the summary, row floors from the results file (bounded memory: only
     * the lowest few rows per criterion are kept for the message).
     */
    public List<Failure> evaluate(Summary summary, Path results, OutputFormat format) {
        List<Failure> out = new ArrayList<>();
        List<CriterionSummary> rows = summary.criteria();
        for (int i = 0; i < criteria.size(); i++) {
            CriterionSummary c = rows.get(i);
            Double mean = thresholds.get(Kind.MEAN)[i];
            if (mean != null && c.scored() > 0 && c.mean() < mean) {
                out.add(new Failure(Kind.MEAN, i, String.format(Locale.ROOT, "[%d] mean score %.3f is below %s (%s): %s",
                        i + 1, c.mean(), trim(mean), specs.get(Kind.MEAN)[i], criteria.get(i))));
            }
            Double rate = thresholds.get(Kind.PASS_RATE)[i];
            if (rate != null && c.passFail() && c.scored() > 0 && c.passed() / (double) c.scored() < rate) {
                out.add(new Failure(Kind.PASS_RATE, i, String.format(Locale.ROOT, "[%d] pass rate %.1f%% (%d of %d) is below %s (%s): %s",
                        i + 1, 100.0 * c.passed() / c.scored(), c.passed(), c.scored(), pct(rate), specs.get(Kind.PASS_RATE)[i], criteria.get(i))));
            }
        }
        Double[] floors = thresholds.get(Kind.ROW_FLOOR);
        if (java.util.Arrays.stream(floors).anyMatch(java.util.Objects::nonNull)) {
            Map<String, Integer> index = new LinkedHashMap<>();
            for (int i = 0; i < criteria.size(); i++) {
                index.putIfAbsent(criteria.get(i), i);
            }
            long[] below = new long[criteria.size()];
            List<PriorityQueue<ResultRecord>> lowest = new ArrayList<>();
            for (int i = 0; i < criteria.size(); i++) {
                lowest.add(new PriorityQueue<>((a, b) -> Double.compare(b.score(), a.score())));
            }
            ResultFile.read(results, format, r -> {
                Integer i = index.get(r.criterion());
                if (i == null || floors[i] == null || r.score() == null || r.score() >= floors[i]) {
                    return;
                }
                below[i]++;
                lowest.get(i).add(r);
                if (lowest.get(i).size() > 3) {
                    lowest.get(i).poll();
                }
            });
            for (int i = 0; i < criteria.size(); i++) {
                if (below[i] == 0) {
                    continue;
                }
                List<ResultRecord> worst = new ArrayList<>(lowest.get(i));
                worst.sort(java.util.Comparator.comparingDouble(ResultRecord::score));
                StringBuilder ids = new StringBuilder();
                for (ResultRecord r : worst) {
                    ids.append(ids.length() > 0 ? ", " : "").append(r.id()).append(String.format(Locale.ROOT, " (%.3f)", r.score()));
                }
                out.add(new Failure(Kind.ROW_FLOOR, i, String.format(Locale.ROOT, "[%d] %d %s below %s (%s), lowest: %s: %s",
                        i + 1, below[i], below[i] == 1 ? "row scores" : "rows score", trim(floors[i]), specs.get(Kind.ROW_FLOOR)[i],
                        ids, criteria.get(i))));
            }
        }
        return out;
    }

    /** 0.700 → 0.7: a threshold as the user typed it. */
    static String trim(double v) {
        return String.format(Locale.ROOT, "%.3f", v).replaceAll("0+$", "").replaceAll("\\.$", ".0");
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.1f%%", v * 100).replace(".0%", "%");
    }
}

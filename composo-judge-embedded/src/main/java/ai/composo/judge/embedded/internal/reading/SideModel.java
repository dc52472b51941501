package ai.composo.judge.embedded.internal.reading;

import ai.composo.judge.embedded.internal.Text;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which side of its family a fragment describes, from its words: a naive Bayes model per family, trained on the
 * phrase bank, over stemmed words and word pairs with negation marked ("facts that are not in the context" has
 * "¬context", "numbers that appear in the context" has "context"). Embeddings place "makes up numbers not in the
 * context" right beside "uses only numbers from the context"; the words tell them apart.
 */
final class SideModel {
    private static final double ALPHA = 0.5;
    private static final Pattern TOKEN = Pattern.compile("[a-z0-9]+(?:'[a-z]+)?|[,;:.()]");
    private static final Set<String> NEGATORS = Set.of("not", "no", "never", "n't", "without", "nothing", "none", "neither", "nor",
            "cannot", "lack", "lacks", "lacking", "non", "nobody", "nowhere", "fail", "fails", "failing", "failed");
    private static final Set<String> SCOPE_ENDS = Set.of(",", ";", ":", ".", "(", ")", "and", "or", "but", "while", "so", "because", "that", "which");

    private final Map<Family, Counts> byFamily = new EnumMap<>(Family.class);

    private static final class Counts {
        final Map<String, int[]> features = new HashMap<>();
        final int[] totals = new int[2];
        final int[] docs = new int[2];
    }

    SideModel(List<PhraseBank.Entry> entries) {
        this(entries, -1);
    }

    /** A model without entry {@code skip} (for leave-one-out checks). */
    SideModel(List<PhraseBank.Entry> entries, int skip) {
        for (int i = 0; i < entries.size(); i++) {
            PhraseBank.Entry e = entries.get(i);
            if (i == skip || e.family().isEmpty() || e.side() == 0) {
                continue;
            }
            Counts c = byFamily.computeIfAbsent(e.family().get(), k -> new Counts());
            int s = e.side() > 0 ? 0 : 1;
            c.docs[s]++;
            for (String f : features(e.fragment())) {
                c.features.computeIfAbsent(f, k -> new int[2])[s]++;
                c.totals[s]++;
            }
        }
    }

    /** Log-odds that {@code fragment} describes the good side of {@code family} (positive: good side). */
    double logOdds(Family family, String fragment) {
        Counts c = byFamily.get(family);
        if (c == null || c.docs[0] == 0 || c.docs[1] == 0) {
            return 0;
        }
        double v = c.features.size() + 1.0;
        double lo = Math.log((c.docs[0] + 1.0) / (c.docs[1] + 1.0));
        for (String f : features(fragment)) {
            int[] n = c.features.get(f);
            if (n == null) {
                continue;
            }
            lo += Math.log((n[0] + ALPHA) / (c.totals[0] + ALPHA * v)) - Math.log((n[1] + ALPHA) / (c.totals[1] + ALPHA * v));
        }
        return lo;
    }

    static List<String> features(String text) {
        List<String> tokens = new ArrayList<>();
        var m = TOKEN.matcher(text.toLowerCase(Locale.ROOT).replace("n't", " n't").replace("’", "'"));
        while (m.find()) {
            tokens.add(m.group());
        }
        List<String> words = new ArrayList<>();
        boolean negated = false;
        for (String t : tokens) {
            if (NEGATORS.contains(t)) {
                negated = true;
                words.add("NEG");
                continue;
            }
            if (SCOPE_ENDS.contains(t)) {
                negated = false;
                continue;
            }
            if (Text.STOPWORDS.contains(t) && !t.equals("only") && !t.equals("all") && !t.equals("every") && !t.equals("too")
                    && !t.equals("more") && !t.equals("few")) {
                continue;
            }
            words.add((negated ? "¬" : "") + Text.stem(t));
        }
        Set<String> out = new HashSet<>(words);
        for (int i = 0; i + 1 < words.size(); i++) {
            out.add(words.get(i) + "_" + words.get(i + 1));
        }
        return new ArrayList<>(new java.util.TreeSet<>(out));
    }
}

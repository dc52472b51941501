package ai.composo.judge.embedded.internal.reading;

import ai.composo.judge.Criterion;
import ai.composo.judge.embedded.internal.Text;
import ai.composo.judge.embedded.internal.reading.ClauseParser.Fragment;
import ai.composo.judge.embedded.internal.reading.ClauseParser.Role;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads a criterion the way a person would: the prefix gives the polarity, {@link ClauseParser} splits the body
 * into fragments with their scope ("without …", "rather than …", "is not …"), and the {@link PhraseBank} maps
 * each fragment to a family and the side of it the fragment describes. A fragment whose nearest bank entry is
 * not close enough, or is an out-of-family entry, is not understood; a criterion with no understood fragment is
 * out of family, and verdicts on it say so with a confidence of at most 0.2.
 */
public final class CriterionReader {
    /** Below this cosine to its nearest bank phrasing a fragment is not understood. */
    static final double MIN_SIMILARITY = 0.78;
    /** A list item ("concise, polite and accurate") adds a family of its own only when it matches this well. */
    static final double ITEM_SIMILARITY = 0.86;
    /** A fragment must be at least this much closer to its family than to any other (or to "none"). */
    static final double MIN_MARGIN = 0.0;

    private static final Pattern LIST_SPLIT = Pattern.compile(",\\s*(?:and |or )?|\\s+(?:and|or|and/or)\\s+");

    private final PhraseBank bank;
    private final Map<String, Reading> cache;

    public CriterionReader(PhraseBank bank) {
        this.bank = bank;
        this.cache = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Reading> eldest) {
                return size() > 512;
            }
        };
    }

    private static volatile CriterionReader shared;

    public static CriterionReader shared() {
        CriterionReader r = shared;
        if (r == null) {
            synchronized (CriterionReader.class) {
                r = shared;
                if (r == null) {
                    r = new CriterionReader(PhraseBank.shared());
                    shared = r;
                }
            }
        }
        return r;
    }

    /**
     * One understood part of a criterion. {@code wanted} is +1 when a higher score means more of the family's good
     * side, -1 when it means less; {@code side} is the side the fragment itself describes; {@code sideCertainty} how
     * clearly the words and the neighbours agree on that side (the absolute combined log-odds).
     */
    public record Part(Family family, String aspect, int wanted, int side, String fragment, boolean negated, Role role,
                       double similarity, double margin, String nearest, double sideCertainty) {
        /** How sure the reading of this part is: closeness to the bank, margin to other families, clarity of the side. */
        public double confidence() {
            return Text.clamp01(0.5 + 0.5 * Text.ramp(similarity, MIN_SIMILARITY, MIN_SIMILARITY + 0.12))
                    * (0.6 + 0.4 * Text.ramp(margin, 0, 0.06)) * (0.55 + 0.45 * Text.ramp(sideCertainty, 0, 4));
        }
    }

    /** A fragment the reader did not map to any family, with the closest bank phrasing it found. */
    public record Unread(String fragment, double similarity, String nearest) {}

    public Reading read(Criterion criterion) {
        synchronized (cache) {
            Reading hit = cache.get(criterion.text());
            if (hit != null) {
                return hit;
            }
        }
        Reading r = compute(criterion);
        synchronized (cache) {
            cache.put(criterion.text(), r);
        }
        return r;
    }

    private Reading compute(Criterion criterion) {
        int polarity = criterion.polarity() == Criterion.Polarity.POSITIVE ? 1 : -1;
        List<Fragment> fragments = ClauseParser.parse(criterion.body());
        List<Part> parts = new ArrayList<>();
        List<Unread> unread = new ArrayList<>();
        for (Fragment f : fragments) {
            PhraseBank.Match m = bank.match(f.text(), predicate(f.text()));
            boolean understood = m.family().isPresent() && m.similarity() >= MIN_SIMILARITY && m.margin() >= MIN_MARGIN;
            if (understood) {
                parts.add(part(m.family().get(), m, f, f.text(), polarity));
            } else {
                unread.add(new Unread(f.text(), m.similarity(), m.nearest().fragment()));
            }
            // List items may name families of their own: "concise, polite and accurate".
            String[] items = LIST_SPLIT.split(f.text());
            if (items.length > 1) {
                // "omit key ingredients or steps": the later items are objects of the first item's verb ("omit steps").
                String[] head = items[0].strip().split("\\s+");
                String verb = head.length >= 2 ? head[0] : null;
                for (int k = 0; k < items.length; k++) {
                    String item = items[k].strip();
                    if (item.isEmpty()) {
                        continue;
                    }
                    if (k > 0 && verb != null && item.split("\\s+").length <= 3 && !item.startsWith(verb + " ")) {
                        item = verb + " " + item;
                    }
                    PhraseBank.Match im = bank.match(item);
                    if (im.family().isPresent() && im.similarity() >= ITEM_SIMILARITY && im.margin() > 0.01
                            && (!understood || im.family().get() != m.family().get())) {
                        parts.add(part(im.family().get(), im, f, item, polarity));
                    }
                }
            }
        }
        parts = resolve(parts);
        Family structural = switch (criterion.target()) {
            case TOOL_CALL -> Family.TOOL;
            case AGENT -> Family.AGENT;
            default -> null;
        };
        if (structural != null && parts.stream().noneMatch(p -> p.family() == structural)) {
            // A tool-call or agent criterion always gets its structural checks, in the direction of a well-formed call.
            parts.add(new Part(structural, "", 1, polarity, criterion.body(), false, Role.MAIN, 0, 0, "(target " + structural.signal + ")", 4));
        }
        return new Reading(criterion, List.copyOf(parts), List.copyOf(unread));
    }

    private static final Pattern CONDITION_INSIDE = Pattern.compile("\\s+(?:when|whenever|if|unless|where|in case)\\s+");
    private static final Pattern CONDITION_FIRST = Pattern.compile("^(?:when|whenever|if|unless|where|in case|once)\\b[^,]*,\\s*");

    /** The fragment without its condition: "guess when the documents lack it" is "guess". */
    static String predicate(String fragment) {
        java.util.regex.Matcher first = CONDITION_FIRST.matcher(fragment);
        if (first.find() && first.end() < fragment.length()) {
            return fragment.substring(first.end());
        }
        java.util.regex.Matcher inside = CONDITION_INSIDE.matcher(fragment);
        if (inside.find() && inside.start() > 0) {
            String head = fragment.substring(0, inside.start());
            if (!Text.contentTerms(head).isEmpty()) {
                return head;
            }
        }
        return fragment;
    }

    private static Part part(Family family, PhraseBank.Match m, Fragment f, String text, int polarity) {
        int wanted = polarity * (f.negated() ? -1 : 1) * m.side();
        return new Part(family, m.aspect(), wanted, m.side(), text, f.negated(), f.role(), m.similarity(), m.margin(), m.nearest().fragment(),
                Math.abs(m.wordVote() + PhraseBank.NEIGHBOUR_WEIGHT * m.neighbourVote()));
    }

    /**
     * One part per family: the direction its fragments vote for, weighted by how well each was understood. A
     * purpose clause ("so the user …") only confirms families the main statement already names.
     */
    private static List<Part> resolve(List<Part> parts) {
        Map<Family, List<Part>> byFamily = new LinkedHashMap<>();
        for (Part p : parts) {
            byFamily.computeIfAbsent(p.family(), k -> new ArrayList<>()).add(p);
        }
        List<Part> out = new ArrayList<>();
        for (Map.Entry<Family, List<Part>> e : byFamily.entrySet()) {
            List<Part> ps = e.getValue();
            if (ps.stream().allMatch(p -> p.role() == Role.PURPOSE)) {
                continue;
            }
            double vote = 0;
            Part best = null;
            for (Part p : ps) {
                double w = p.confidence() * (p.role() == Role.PURPOSE ? 0.5 : 1.0);
                vote += w * p.wanted();
                if (best == null || p.confidence() > best.confidence()) {
                    best = p;
                }
            }
            int wanted = vote > 0 ? 1 : vote < 0 ? -1 : best.wanted();
            Part chosen = best;
            if (chosen.wanted() != wanted) {
                for (Part p : ps) {
                    if (p.wanted() == wanted && (chosen.wanted() != wanted || p.confidence() > chosen.confidence())) {
                        chosen = p;
                    }
                }
            }
            // The most specific aspect wins: "reach the goal without redundant calls" is about efficiency, and "goal" is
            // what every agent criterion also says.
            String aspect = ps.stream().filter(p -> !p.aspect().isEmpty() && !"goal".equals(p.aspect()))
                    .max(java.util.Comparator.comparingDouble(Part::confidence)).map(Part::aspect)
                    .orElse(ps.stream().map(Part::aspect).filter(a -> !a.isEmpty()).findFirst().orElse(""));
            out.add(new Part(chosen.family(), aspect, wanted, chosen.side(), chosen.fragment(), chosen.negated(), chosen.role(),
                    chosen.similarity(), chosen.margin(), chosen.nearest(), chosen.sideCertainty()));
        }
        return out;
    }

    /** What a criterion was read as. */
    public record Reading(Criterion criterion, List<Part> parts, List<Unread> unread) {
        public boolean outOfFamily() {
            return parts.isEmpty();
        }

        public boolean has(Family f) {
            return parts.stream().anyMatch(p -> p.family() == f);
        }

        public Optional<Part> part(Family f) {
            return parts.stream().filter(p -> p.family() == f).findFirst();
        }

        /** +1 when a higher score means more of the family's good side, -1 when less; 0 when not read. */
        public int wanted(Family f) {
            return part(f).map(Part::wanted).orElse(0);
        }

        public String aspect(Family f) {
            return part(f).map(Part::aspect).orElse("");
        }

        /** How sure the reading is: the weakest understood part, at most 0.2 when nothing was understood. */
        public double confidence() {
            if (parts.isEmpty()) {
                return 0.2 * unread.stream().mapToDouble(u -> Text.ramp(u.similarity(), 0.6, MIN_SIMILARITY)).max().orElse(0);
            }
            double c = parts.stream().filter(p -> p.similarity() > 0).mapToDouble(Part::confidence).min().orElse(0.6);
            return unread.isEmpty() ? c : 0.85 * c;
        }

        /** "conciseness (wanted), precision (unwanted: 'information the user did not ask for')" style summary. */
        public String summary() {
            if (parts.isEmpty()) {
                return "no family the embedded judge measures";
            }
            List<String> s = new ArrayList<>();
            for (Part p : parts) {
                s.add(p.family().signal + (p.aspect().isEmpty() ? "" : "/" + p.aspect()) + (p.wanted() > 0 ? " (more is better)" : " (less is better)"));
            }
            return String.join(", ", s);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s [confidence %.2f]", summary(), confidence());
        }
    }
}
